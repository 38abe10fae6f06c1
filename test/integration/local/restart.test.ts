import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OrgRepo } from '../../../shared/org/org-repo.ts';
import { LocalStack } from '../../../infra/local/runtime.ts';
import { DEMO, seedDemo } from '../../../infra/local/seed-demo.ts';

const sink = new Writable({ write: (_c, _e, cb) => cb() });

async function run<T>(dir: string, body: (s: LocalStack, orgs: OrgRepo) => Promise<T>): Promise<T> {
  const s = new LocalStack({
    ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
    dataDir: path.join(dir, 'dynamodb'),
    outdir: path.join(dir, 'cdk.out'),
    reuseAssembly: true,
    schedules: false,
    functionLog: sink,
  });
  const info = await s.start();
  try {
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: info.dynamoEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    return await body(s, new OrgRepo(db, info.tableName));
  } finally {
    await s.stop();
  }
}

describe('npm start across restarts', () => {
  it('keeps reports and sign-ins, and creates the demo organisation only once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baosong-restart-'));
    const first = await run(dir, async (s, orgs) => {
      expect((await seedDemo(orgs)).created).toBe(true);
      const login = await fetch(`${s.info.appUrl}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'reporter@demo.local' }),
      });
      const { token } = (await login.json()) as { token: string };
      const r = await fetch(`${s.info.appUrl}/api/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          departmentId: `${DEMO.county}-news`,
          category: 'safety',
          severity: 'IV',
          title: '重启前的报告',
          occurredAt: new Date().toISOString(),
          place: '一楼',
          summary: '测试',
          measuresTaken: '无',
          contact: { name: '李', phone: '12345678' },
        }),
      });
      expect(r.status).toBe(201);
      return {
        token,
        reportId: ((await r.json()) as { reportId: string }).reportId,
        people: (await orgs.listPeople(DEMO.county)).length,
      };
    });

    await run(dir, async (s, orgs) => {
      expect((await seedDemo(orgs)).created).toBe(false);
      expect((await orgs.listPeople(DEMO.county)).length).toBe(first.people);
      const r = await fetch(`${s.info.appUrl}/api/reports/${first.reportId}`, {
        headers: { authorization: `Bearer ${first.token}` },
      });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { title: string }).title).toBe('重启前的报告');
    });
  }, 600_000);
});
