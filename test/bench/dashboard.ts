import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { monthBefore, monthOf } from '../../shared/platform/kernel/time.ts';
import type { MonthFigures } from '../../shared/scores/rules/dashboard.ts';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import { seedPerson } from './seed.ts';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/**
 * The dashboard (issue 16) over a year of an organisation of 100 departments: the 11 finished months stored as the
 * monthly job stores them (300 reports a month, three chain levels, every department's items), the month in progress
 * computed from its records; `GET /api/orgs/{orgId}/dashboard` over HTTP, as the office's leader would call it.
 * Prints the items the dashboard read (its `source.itemsRead`), the bytes it answered and the time.
 */
export async function benchDashboard(appUrl: string, db: DynamoDBDocumentClient, table: string): Promise<void> {
  const orgId = 'bench-dashboard';
  const tz = 'Asia/Shanghai';
  const orgs = new OrgRepo(db, table);
  const scores = new ScoreRepo(db, table);
  await seedPerson(orgs, orgId, {
    personId: 'bd-chief',
    name: '主要领导',
    email: 'chief@bench-dashboard.local',
    roles: ['principalLeader'],
  });
  const departments = Array.from({ length: 100 }, (_, d) => ({ departmentId: `bd-dept-${d}`, name: `部门${d}` }));
  for (const d of departments) await orgs.putDepartment({ orgId, ...d, headId: 'bd-chief' });
  await orgs.createOrg({
    orgId,
    name: '基准统计单位',
    timezone: tz,
    principalLeaderId: 'bd-chief',
    config: DEFAULT_ORG_CONFIG,
    createdAt: new Date(Date.now() - 400 * 86400_000).toISOString(),
  });
  const current = monthOf(new Date(), tz);
  let month = current;
  let bytesStored = 0;
  for (let i = 1; i < 12; i++) {
    month = monthBefore(month);
    const values = (n: number, base: number) => Array.from({ length: n }, (_, k) => base + ((k * 37) % 90) + 0.5);
    const f: MonthFigures = {
      orgId,
      month,
      reporting: {
        reports: 300,
        late: 21,
        byCategory: DEFAULT_ORG_CONFIG.categories.map((c, k) => ({ code: c.code, label: c.label, count: 30 + k })),
        bySeverity: { I: 3, II: 27, III: 150, IV: 120 },
        minutesToReport: values(300, 5),
        levels: [
          { level: 1, notified: 300, timedOut: 6, minutes: values(300, 1) },
          { level: 2, notified: 200, timedOut: 3, minutes: values(200, 2) },
          { level: 3, notified: 100, timedOut: 1, minutes: values(100, 3) },
        ],
        followupsMissed: 4,
        findingsByKind: { late: 21, missed: 2, false: 1, concealed: 0 },
        departments: departments.map((d) => ({ departmentId: d.departmentId, reports: 3, late: 0 })),
      },
      items: departments.map((d, k) => ({ ...d, sent: 4 + (k % 5), adopted: 1 + (k % 3) })),
      computedAt: new Date().toISOString(),
    };
    bytesStored += JSON.stringify(f).length;
    await scores.saveFigures(f);
  }
  const login = await fetch(`${appUrl}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'chief@bench-dashboard.local' }),
  });
  const { token } = (await login.json()) as { token: string };
  const times: number[] = [];
  let itemsRead = 0;
  let bytes = 0;
  let source: Record<string, number> = {};
  for (let i = 0; i < 11; i++) {
    const started = performance.now();
    const r = await fetch(`${appUrl}/api/orgs/${orgId}/dashboard`, { headers: { authorization: `Bearer ${token}` } });
    const text = await r.text();
    times.push(performance.now() - started);
    if (r.status !== 200) throw new Error(`dashboard: ${r.status} ${text}`);
    const body = JSON.parse(text) as { source: Record<string, number> };
    source = body.source;
    itemsRead = body.source.itemsRead!;
    bytes = text.length;
  }
  const started = performance.now();
  const x = await fetch(`${appUrl}/api/orgs/${orgId}/dashboard?format=xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const xlsxBytes = (await x.arrayBuffer()).byteLength;
  const xlsxMs = performance.now() - started;
  const warm = times.slice(1);
  console.log(
    '\nthe dashboard over 12 months of an organisation of 100 departments (11 months stored, this one live):',
  );
  console.log(
    `  items read ${itemsRead} (${source.storedMonths} stored months, ${source.computedMonths} computed); stored figures ${(bytesStored / 1024).toFixed(0)} KiB; answer ${(bytes / 1024).toFixed(0)} KiB`,
  );
  console.log(
    `  first ${times[0]!.toFixed(0)} ms; then p50 ${pct(warm, 50).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms; as .xlsx ${xlsxMs.toFixed(0)} ms (${(xlsxBytes / 1024).toFixed(0)} KiB)`,
  );
}
