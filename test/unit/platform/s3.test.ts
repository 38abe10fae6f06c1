import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3Files } from '../../../shared/platform/files/s3.ts';

const NOW = new Date('2026-12-02T08:30:15.000Z');
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const withToken = { ...creds, sessionToken: 'FwoGZXIvYXdzEJr//token+/=' };

const sdk = (credentials: typeof creds, endpoint?: string) =>
  new S3Client({
    region: 'cn-north-1',
    credentials,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });

afterEach(() => vi.useRealTimers());

describe('our S3 signatures are the SDK’s', () => {
  for (const [label, c] of [
    ['long-term keys', creds],
    ['a session token', withToken],
  ] as const) {
    for (const endpoint of [undefined, 'http://localhost:4569']) {
      it(`presigned GET (${label}, ${endpoint ? 'path style' : 'AWS host'})`, async () => {
        vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
        const key = 'files/01JABC/现场 照片(1).jpg';
        const ours = new S3Files({
          bucket: 'bs-files',
          region: 'cn-north-1',
          ...(endpoint ? { endpoint } : {}),
          credentials: () => c,
          now: () => NOW,
          // The SDK adds these three to its query: given to ours too, the same query must be signed the same way.
        }).presignGet(key, 300, {
          'response-content-disposition': "attachment; filename*=UTF-8''%E7%8E%B0.jpg",
          'x-id': 'GetObject',
          'x-amz-checksum-mode': 'ENABLED',
          'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
        });
        const theirs = await getSignedUrl(
          sdk(c, endpoint),
          new GetObjectCommand({
            Bucket: 'bs-files',
            Key: key,
            ResponseContentDisposition: "attachment; filename*=UTF-8''%E7%8E%B0.jpg",
          }),
          { expiresIn: 300 },
        );
        const a = new URL(ours);
        const b = new URL(theirs);
        expect(a.origin + a.pathname).toBe(b.origin + b.pathname);
        expect(Object.fromEntries(a.searchParams)).toEqual(Object.fromEntries(b.searchParams));
        expect(a.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      });
    }

    it(`presigned POST with size and type conditions (${label})`, async () => {
      vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
      const input = {
        key: 'incoming/01JABC/photo.jpg',
        fields: { 'Content-Type': 'image/jpeg', 'x-amz-meta-record': 'report/01JREP', success_action_status: '201' },
        conditions: [['content-length-range', 1, 20 * 1024 * 1024] as ['content-length-range', number, number]],
        expiresSeconds: 900,
      };
      const ours = new S3Files({ bucket: 'bs-files', region: 'cn-north-1', credentials: () => c, now: () => NOW });
      const theirs = await createPresignedPost(sdk(c), {
        Bucket: 'bs-files',
        Key: input.key,
        Fields: input.fields,
        Conditions: input.conditions,
        Expires: 900,
      });
      const mine = ours.presignPost(input);
      expect(mine.url).toBe(theirs.url.endsWith('/') ? theirs.url : `${theirs.url}/`);
      expect(mine.fields).toEqual(theirs.fields);
      const policy = JSON.parse(Buffer.from(mine.fields.Policy!, 'base64').toString('utf8'));
      expect(policy.conditions).toContainEqual(['content-length-range', 1, 20971520]);
      expect(policy.conditions).toContainEqual({ 'Content-Type': 'image/jpeg' });
    });
  }

  it('a tampered policy is not what was signed', () => {
    const s3 = new S3Files({ bucket: 'b', region: 'us-east-1', credentials: () => creds, now: () => NOW });
    const a = s3.presignPost({ key: 'k', conditions: [['content-length-range', 1, 10]], expiresSeconds: 60 });
    const b = s3.presignPost({ key: 'k', conditions: [['content-length-range', 1, 11]], expiresSeconds: 60 });
    expect(a.fields['X-Amz-Signature']).not.toBe(b.fields['X-Amz-Signature']);
  });
});
