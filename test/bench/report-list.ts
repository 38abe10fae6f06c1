import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';
import { monthBefore, monthOf, monthRange } from '../../shared/platform/kernel/time.ts';
import { seedPerson, storedReport, writeAll } from './seed.ts';

const ids = monotonicFactory();
const TOTAL = 50_000;
const MONTHS = 24;
const DEPARTMENTS = 10;
const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
const CATEGORIES = ['safety', 'service', 'sensitive', 'disaster', 'other'] as const;

/**
 * The report list (issue 14 item 6) over 50,000 stored reports of one organisation, 24 months of about 2,080 each
 * (10 departments, 4 severities, 5 categories, one in 13 late), written straight into the table as a submission writes
 * them. `GET /api/reports` over HTTP as the office: one month's first page with two filters, unfiltered, and a
 * year's title search; prints the index items each read (`itemsRead`) and the time.
 */
export async function benchReportList(appUrl: string, db: DynamoDBDocumentClient, table: string): Promise<void> {
  const orgId = 'bench-list';
  const tz = 'Asia/Shanghai';
  const orgs = new OrgRepo(db, table);
  await seedPerson(orgs, orgId, {
    personId: 'bl-office',
    name: '办公室主任',
    email: 'office@bench-list.local',
    roles: ['officeHead'],
    departmentId: 'bl-dept-0',
  });
  for (let d = 0; d < DEPARTMENTS; d++)
    await orgs.putDepartment({ orgId, departmentId: `bl-dept-${d}`, name: `部门${d}`, isOffice: d === 0 });
  await orgs.createOrg({
    orgId,
    name: '列表基准单位',
    timezone: tz,
    principalLeaderId: 'bl-office',
    officeDepartmentId: 'bl-dept-0',
    config: DEFAULT_ORG_CONFIG,
    createdAt: new Date(Date.now() - 800 * 86400_000).toISOString(),
  });
  const current = monthOf(new Date(), tz);
  const months: string[] = [current];
  while (months.length < MONTHS) months.push(monthBefore(months.at(-1)!));
  const t0 = performance.now();
  const rows = Array.from({ length: TOTAL }, (_, i) => row(orgId, i, months, tz));
  await writeAll(db, table, rows);
  const seeded = (performance.now() - t0) / 1000;

  const login = await fetch(`${appUrl}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'office@bench-list.local' }),
  });
  const { token } = (await login.json()) as { token: string };
  const month = months[1]!;
  const perMonth = rows.filter(
    (r) => String(r.submittedAt) >= monthRange(month, tz).from && String(r.submittedAt) <= monthRange(month, tz).to,
  ).length;
  console.log(
    `\nthe report list over ${TOTAL.toLocaleString('en')} stored reports (${MONTHS} months, ${perMonth} in ${month}; seeded in ${seeded.toFixed(1)} s), GET /api/reports as the office, page of 20:`,
  );
  const cases: [string, string][] = [
    ['one month, department + severity', `from=${month}&to=${month}&departmentId=bl-dept-3&severity=II`],
    ['one month, no filter', `from=${month}&to=${month}`],
    ['one month, late only', `from=${month}&to=${month}&late=true`],
    ['a year, title search (rare word)', `from=${months[11]}&to=${current}&q=${encodeURIComponent('塌方')}`],
  ];
  for (const [label, query] of cases) {
    const times: number[] = [];
    let body: { items: unknown[]; itemsRead: number; nextCursor: string | null } | undefined;
    for (let k = 0; k < 5; k++) {
      const started = performance.now();
      const r = await fetch(`${appUrl}/api/reports?${query}&limit=20`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.status !== 200) throw new Error(`list ${query}: ${r.status} ${await r.text()}`);
      body = (await r.json()) as typeof body;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(36)} ${String(body!.items.length).padStart(2)} rows, ${String(body!.itemsRead).padStart(5)} index items read, median ${times[2]!.toFixed(0)} ms${body!.nextCursor ? ' (more pages)' : ''}`,
    );
  }
}

function row(orgId: string, i: number, months: string[], tz: string): Record<string, unknown> {
  const month = months[i % MONTHS]!;
  const { from, to } = monthRange(month, tz);
  const span = Math.min(Date.parse(to), Date.now() - 60_000) - Date.parse(from);
  const submittedAt = new Date(Date.parse(from) + Math.floor((((i * 7919) % 10_000) / 10_000) * span)).toISOString();
  const reportId = ids();
  const late = i % 13 === 0;
  const report = storedReport({
    reportId,
    orgId,
    departmentId: `bl-dept-${i % DEPARTMENTS}`,
    reporterId: 'bl-office',
    reporterName: '报告人',
    category: CATEGORIES[i % CATEGORIES.length]!,
    categoryLabel: '类别',
    severity: SEVERITIES[Math.floor(i / 7) % SEVERITIES.length]!,
    title: i % 5000 === 0 ? `山体塌方 ${i}` : `存量报告 ${i}`,
    status: 'acknowledged',
    submittedAt,
    late,
    lateByMinutes: late ? 12 : 0,
    chain: [{ level: 1, role: 'departmentHead', personId: 'bl-office', name: '主任', state: 'acknowledged' }],
    timezone: tz,
  });
  return {
    ...keys.report(reportId),
    GSI1PK: keys.orgReports(orgId),
    GSI1SK: `${submittedAt}#${reportId}`,
    entity: 'report',
    ...report,
  };
}
