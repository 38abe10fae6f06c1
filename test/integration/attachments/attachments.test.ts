import { describe, expect, it } from 'vitest';
import { S3Files } from '../../../shared/platform/files/s3.ts';
import { api, givenOrg, givenReport, signIn, stack, type GivenOrg } from '../../support/scenario.ts';

/** A tiny real JPEG: its first bytes are what the confirm check reads. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('JFIF photo of the scene'),
  Buffer.alloc(64),
]);
const MB20 = 20 * 1024 * 1024;

/** The bucket as the emulator holds it, to see what the app left there. */
const bucket = () =>
  new S3Files({
    bucket: stack().filesBucket,
    region: 'us-east-1',
    endpoint: stack().s3Url,
    credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
  });

/** Posts a file to a presigned POST as a browser form does (fields first, the file last). */
async function upload(u: { url: string; fields: Record<string, string> }, bytes: Buffer, type: string, name = 'p.jpg') {
  const form = new FormData();
  for (const [k, v] of Object.entries(u.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return fetch(u.url, { method: 'POST', body: form, redirect: 'manual' });
}

async function attach(
  token: string,
  path: string,
  bytes: Buffer,
  declared = { fileName: '现场.jpg', contentType: 'image/jpeg', size: bytes.length },
) {
  const asked = await api('POST', path, { token, body: declared });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const posted = await upload(asked.body.upload, bytes, declared.contentType);
  expect(posted.status).toBeLessThan(300);
  return asked.body.attachmentId as string;
}
const confirm = (token: string, id: string) => api('POST', `/api/attachments/${id}/confirm`, { token });

async function setUp(): Promise<{ g: GivenOrg; reportId: string; reporter: string; path: string }> {
  const g = await givenOrg();
  const { reportId } = await givenReport(g);
  return { g, reportId, reporter: await signIn(g.email('reporter')), path: `/api/reports/${reportId}/attachments` };
}

describe('attachments on the S3 emulator', () => {
  it('every attachment route is in the OpenAPI document, the upload request with its schema', async () => {
    const doc = (await api('GET', '/openapi.json')).body;
    for (const path of [
      '/api/reports/{reportId}/attachments',
      '/api/reports/{reportId}/followups/{sequence}/attachments',
      '/api/items/{itemId}/attachments',
    ]) {
      expect(Object.keys(doc.paths[path]).sort()).toEqual(['get', 'post']);
      expect(doc.paths[path].post.requestBody.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['fileName', 'contentType', 'size']),
      );
    }
    expect(doc.paths['/api/attachments/{attachmentId}/confirm'].post).toBeDefined();
    expect(doc.paths['/api/attachments/{attachmentId}'].get).toBeDefined();
  });

  it('refuses a file over 20 MB or of another type before upload, naming the field', async () => {
    const { reporter, path } = await setUp();
    const big = await api('POST', path, {
      token: reporter,
      body: { fileName: 'a.jpg', contentType: 'image/jpeg', size: MB20 + 1 },
    });
    expect(big.status).toBe(400);
    expect(big.body.error.details.map((d: { field: string }) => d.field)).toEqual(['size']);
    const zip = await api('POST', path, {
      token: reporter,
      body: { fileName: 'a.zip', contentType: 'application/zip', size: 10 },
    });
    expect(zip.status).toBe(400);
    expect(zip.body.error.details.map((d: { field: string }) => d.field)).toEqual(['contentType']);
  });

  it('the presigned POST carries the size range and the exact type in its policy', async () => {
    const { reporter, path } = await setUp();
    const r = await api('POST', path, {
      token: reporter,
      body: { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 },
    });
    const policy = JSON.parse(Buffer.from(r.body.upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, MB20]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
    expect(r.body.upload.url.startsWith(stack().s3Url)).toBe(true);
  });

  it('a confirmed photo is listed and downloads for the department head; another department or organisation gets 404', async () => {
    const { g, reportId, reporter, path } = await setUp();
    const id = await attach(reporter, path, JPEG);
    const before = await api('GET', path, { token: reporter });
    expect(before.body.attachments).toEqual([]); // not confirmed yet: no entry
    const ok = await confirm(reporter, id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      attachmentId: id,
      fileName: '现场.jpg',
      contentType: 'image/jpeg',
      size: JPEG.length,
    });
    const head = await signIn(g.email('head'));
    const listed = await api('GET', `/api/reports/${reportId}/attachments`, { token: head });
    expect(listed.body.attachments).toEqual([
      expect.objectContaining({ attachmentId: id, fileName: '现场.jpg', uploadedBy: g.people.reporter.personId }),
    ]);
    const got = await fetch(`${stack().appUrl}/api/attachments/${id}`, {
      headers: { authorization: `Bearer ${head}` },
      redirect: 'manual',
    });
    expect(got.status).toBe(302);
    const file = await fetch(got.headers.get('location')!);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(JPEG)).toBe(true);

    const outsider = await signIn(g.email('outsider'));
    expect((await api('GET', `/api/attachments/${id}`, { token: outsider })).status).toBe(404);
    expect((await api('GET', path, { token: outsider })).status).toBe(404);
    const other = await givenOrg();
    const stranger = await signIn(other.email('office'));
    expect((await api('GET', `/api/attachments/${id}`, { token: stranger })).status).toBe(404);
    expect((await confirm(stranger, id)).status).toBe(404);
    expect(
      (await api('POST', path, { token: stranger, body: { fileName: 'x.jpg', contentType: 'image/jpeg', size: 9 } }))
        .status,
    ).toBe(404);
  });

  it('the confirm check refuses what the emulator let through (wrong bytes, too big) and deletes it', async () => {
    const { reporter, path } = await setUp();
    const fake = await attach(reporter, path, Buffer.from('MZ this is a program, not a photo'), {
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      size: 33,
    });
    const refused = await confirm(reporter, fake);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual(['contentType']);
    expect(await bucket().list(`incoming/${fake}/`)).toEqual([]);

    const huge = Buffer.concat([JPEG, Buffer.alloc(MB20)]);
    const big = await attach(reporter, path, huge, { fileName: 'big.jpg', contentType: 'image/jpeg', size: 100 });
    const tooBig = await confirm(reporter, big);
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.error.details.map((d: { field: string }) => d.field)).toEqual(['size']);
    expect(await bucket().list(`incoming/${big}/`)).toEqual([]);
    expect((await api('GET', path, { token: reporter })).body.attachments).toEqual([]);
  });

  it('the eleventh file is refused, also when the tenth and eleventh are confirmed at once', async () => {
    const { reporter, path } = await setUp();
    for (let i = 0; i < 9; i++) expect((await confirm(reporter, await attach(reporter, path, JPEG))).status).toBe(200);
    const a = await attach(reporter, path, JPEG);
    const b = await attach(reporter, path, JPEG);
    const answers = (await Promise.all([confirm(reporter, a), confirm(reporter, b)])).map((r) => r.status).sort();
    expect(answers).toEqual([200, 422]);
    expect((await api('GET', path, { token: reporter })).body.attachments).toHaveLength(10);
    const eleventh = await api('POST', path, {
      token: reporter,
      body: { fileName: 'x.jpg', contentType: 'image/jpeg', size: 9 },
    });
    expect(eleventh.status).toBe(422);
    expect(eleventh.body.error.details.map((d: { field: string }) => d.field)).toEqual(['attachments']);
  }, 60_000);
});
