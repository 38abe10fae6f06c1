import { describe, expect, it } from 'vitest';
import { api, givenOrg, orgRepo, signIn, signInAccounts, stack } from '../../support/scenario.ts';

/** A page request as a signed-in browser sends it: the session cookie holds the (dev sign-in) ID token. */
async function pagePost(path: string, token: string, body: BodyInit, type?: string) {
  const r = await fetch(`${stack().appUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `bs_session=${token}`, ...(type ? { 'content-type': type } : {}) },
    body,
  });
  return { status: r.status, location: r.headers.get('location'), html: await r.text() };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const URLENCODED = 'application/x-www-form-urlencoded';

/** A multipart body with one CSV file (as bytes, so that an encoding can be tried) and text fields. */
function upload(file: Uint8Array, fields: Record<string, string> = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'people.csv');
  return fd;
}

describe('sign-in accounts: a person the office adds can sign in (locally the table records what AWS would do)', () => {
  it('adding a person invites the e-mail once, a retry with the same Idempotency-Key invites nobody twice', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const email = `invite-${g.orgId}@test.local`;
    const body = { name: '新同事', email, roles: ['reporter'], departmentId: g.newsId };
    const headers = { 'idempotency-key': `k-${g.orgId}` };
    const first = await api('POST', `/api/orgs/${g.orgId}/people`, { token, body, headers });
    const again = await api('POST', `/api/orgs/${g.orgId}/people`, { token, body, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.personId).toBe(first.body.personId);
    expect(await signInAccounts().get(email)).toMatchObject({
      email,
      name: '新同事',
      state: 'invited',
      invitations: 1,
    });
    // The port itself: inviting an address that has an account is success and changes nothing (Cognito: exists).
    await signInAccounts().invite({ email, name: '新同事' });
    expect(await signInAccounts().get(email)).toMatchObject({ state: 'invited', invitations: 1 });
    // A registered address is refused before anyone is invited.
    const taken = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { ...body, email: g.email('reporter') },
    });
    expect(taken.status).toBe(409);
    expect(await signInAccounts().get(g.email('reporter'))).toBeUndefined();
  });

  it('disabling a person disables the account and the person cannot sign in; enabling lets them in again', async () => {
    const g = await givenOrg();
    const office = await signIn(g.email('office'));
    const email = g.email('reporter');
    const before = await signIn(email);
    const off = await api('PATCH', `/api/people/${g.people.reporter.personId}`, {
      token: office,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    // Never invited (the scenario wrote this person directly): nothing to disable on AWS; locally nothing recorded.
    expect(await signInAccounts().get(email)).toBeUndefined();
    expect((await api('GET', '/api/me', { token: before })).status).toBe(403);
    expect((await api('POST', '/api/auth/dev-login', { body: { email } })).status).not.toBe(200);
    // Disabling again is the same answer (safe to retry).
    const twice = await api('PATCH', `/api/people/${g.people.reporter.personId}`, {
      token: office,
      body: { disabled: true },
    });
    expect(twice.status).toBe(200);

    const on = await api('PATCH', `/api/people/${g.people.reporter.personId}`, {
      token: office,
      body: { disabled: false },
    });
    expect(on.body.disabled).toBe(false);
    // An address without an account is invited when enabled.
    expect(await signInAccounts().get(email)).toMatchObject({ state: 'invited' });
    expect((await api('GET', '/api/me', { token: await signIn(email) })).body.personId).toBe(
      g.people.reporter.personId,
    );

    // Through the page: 停用 then 恢复, each confirmed on the page it returns to.
    const page = await pagePost(
      `/admin/${g.orgId}/people/${g.people.reporter.personId}/disable`,
      office,
      '',
      URLENCODED,
    );
    expect(page).toMatchObject({ status: 303, location: `/admin/${g.orgId}/people/${g.people.reporter.personId}` });
    expect(await signInAccounts().get(email)).toMatchObject({ state: 'disabled' });
    expect((await orgRepo().getPerson(g.people.reporter.personId))?.disabled).toBe(true);
  });
});

describe('CSV import on the page: unknown departments are confirmed before anything is written', () => {
  it('an uploaded file naming a mistyped department writes nothing, then the office maps it to 新闻部', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const tag = g.orgId.toLowerCase();
    const csv = `姓名,邮箱,电话,角色,部门\n甲记者,jia-${tag}@test.local,,信息员,新闻布\n乙编辑,yi-${tag}@test.local,,信息员,外联科\n`;
    const departmentsBefore = (await orgRepo().listDepartments(g.orgId)).length;

    const shown = await pagePost(`/admin/${g.orgId}/import`, token, upload(new TextEncoder().encode(csv)));
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('请确认 2 个新部门');
    expect(shown.html).toContain('“新闻布”（1 人）');
    expect(shown.html).toContain('改为现有部门：新闻部');
    // The file's text is kept in the form for the confirming post.
    expect(shown.html).toContain(`jia-${tag}@test.local`);
    expect(await orgRepo().findPersonByEmail(`jia-${tag}@test.local`)).toBeUndefined();
    expect(await signInAccounts().get(`jia-${tag}@test.local`)).toBeUndefined();
    expect(await orgRepo().listDepartments(g.orgId)).toHaveLength(departmentsBefore);

    const order = [...shown.html.matchAll(/name="deptName_(\d)" value="([^"]+)"/g)].map((m) => m[2]);
    const answer = (name: string) => (name === '新闻布' ? g.newsId : 'new');
    const done = await pagePost(
      `/admin/${g.orgId}/import`,
      token,
      form({
        csv,
        confirmed: 'yes',
        ...Object.fromEntries(
          order.flatMap((name, i) => [
            [`deptName_${i}`, name!],
            [`dept_${i}`, answer(name!)],
          ]),
        ),
      }),
      URLENCODED,
    );
    expect(done).toMatchObject({ status: 303, location: `/admin/${g.orgId}/people` });
    expect(await orgRepo().findPersonByEmail(`jia-${tag}@test.local`)).toMatchObject({ departmentId: g.newsId });
    const departments = await orgRepo().listDepartments(g.orgId);
    expect(departments.map((d) => d.name)).toContain('外联科');
    expect(departments.map((d) => d.name)).not.toContain('新闻布');
    expect(departments).toHaveLength(departmentsBefore + 1);
    expect(await signInAccounts().get(`yi-${tag}@test.local`)).toMatchObject({ state: 'invited' });
  });

  it('reads a file Excel saved as plain CSV (GBK) and a file whose departments all exist imports at once', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const tag = g.orgId.toLowerCase();
    const csv = `姓名,邮箱,电话,角色,部门\r\n丙记者,bing-${tag}@test.local,,信息员,新闻部\r\n`;
    // GBK bytes of the text (what a Chinese Excel writes for "CSV"), made with the encoder of the test's runtime.
    const gbk = gbkBytes(csv);
    const r = await pagePost(`/admin/${g.orgId}/import`, token, upload(gbk));
    expect(r).toMatchObject({ status: 303, location: `/admin/${g.orgId}/people` });
    expect(await orgRepo().findPersonByEmail(`bing-${tag}@test.local`)).toMatchObject({
      name: '丙记者',
      departmentId: g.newsId,
    });
  });

  it('a bad row is shown next to the text, which is kept, and nothing is imported', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const csv = '姓名,邮箱\n好人,good@test.local\n坏人,not-mail';
    const r = await pagePost(`/admin/${g.orgId}/import`, token, form({ csv }), URLENCODED);
    expect(r.status).toBe(400);
    expect(r.html).toContain('第 3 行');
    expect(r.html).toContain('aria-describedby="f-csv-error"');
    expect(r.html).toContain('not-mail</textarea>');
  });
});

/** GBK bytes for the characters these tests use (Node has no GBK encoder; a table of the few needed). */
function gbkBytes(text: string): Uint8Array {
  const table: Record<string, number[]> = {
    姓: [0xd0, 0xd5],
    名: [0xc3, 0xfb],
    邮: [0xd3, 0xca],
    箱: [0xcf, 0xe4],
    电: [0xb5, 0xe7],
    话: [0xbb, 0xb0],
    角: [0xbd, 0xc7],
    色: [0xc9, 0xab],
    部: [0xb2, 0xbf],
    门: [0xc3, 0xc5],
    丙: [0xb1, 0xfb],
    记: [0xbc, 0xc7],
    者: [0xd5, 0xdf],
    信: [0xd0, 0xc5],
    息: [0xcf, 0xa2],
    员: [0xd4, 0xb1],
    新: [0xd0, 0xc2],
    闻: [0xce, 0xc5],
  };
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else if (table[ch]) out.push(...table[ch]);
    else throw new Error(`no GBK bytes for ${ch} in the test's table`);
  }
  return new Uint8Array(out);
}
