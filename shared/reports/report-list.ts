import * as z from 'zod';
import { SEVERITIES, SEVERITY_LABELS, type Org, type Severity } from '../org/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { NotFoundError, ValidationError } from '../platform/kernel/errors.ts';
import { formatLocal, monthOf, monthRange } from '../platform/kernel/time.ts';
import { parseOrThrow } from '../platform/kernel/validation.ts';
import type { Sheet } from '../platform/xlsx/workbook.ts';
import { canSeeReport } from './acknowledge-report.ts';
import type { ReportsDeps } from './ports.ts';
import type { Report } from './rules/model.ts';

/** Finding past events (issue 14 item 6): the report list's query, its rows, and the exports. */

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A month `YYYY-MM` (the organisation's months) or an ISO instant with its offset. */
const bound = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (s) => MONTH.test(s) || (z.iso.datetime({ offset: true }).safeParse(s).success && !Number.isNaN(Date.parse(s))),
      {
        error: `${label}应为月份（YYYY-MM）或带时区的时间`,
      },
    )
    .optional();
const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), t.optional());

export const reportListQuerySchema = z.object({
  from: z.preprocess((v) => (v === '' ? undefined : v), bound('起始月份')),
  to: z.preprocess((v) => (v === '' ? undefined : v), bound('截止月份')),
  departmentId: optional(z.string().min(1).max(100)),
  category: optional(z.string().min(1).max(50)),
  severity: optional(z.enum(SEVERITIES, { error: '等级必须是 I、II、III 或 IV' })),
  status: optional(z.enum(['escalating', 'acknowledged', 'closed'], { error: '状态无效' })),
  late: optional(z.enum(['true', 'false'], { error: 'late 必须是 true 或 false' })),
  channel: optional(z.enum(['phone', 'written'], { error: 'channel 必须是 phone 或 written' })),
  /** Also accepted as `phonedIn=true|false` (the page's wording). */
  phonedIn: optional(z.enum(['true', 'false'], { error: 'phonedIn 必须是 true 或 false' })),
  q: optional(z.string().trim().max(100, { error: '标题关键词最多 100 字' })),
  limit: z.coerce.number({ error: 'limit 应为 1–100' }).int().min(1).max(100).default(20),
  cursor: optional(z.string().max(4000)),
  format: optional(z.string()),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

/** The most index rows one page reads: a page whose filters match little stops there and says where to go on. */
export const PAGE_READ_BUDGET = 2000;
/** The longest range a list may ask for: a year (12 months, or 366 days of instants). */
const MAX_MONTHS = 12;

export type ReportListRange = { from: string; to: string; fromMonth: string; toMonth: string };

/**
 * The range (ISO instants, both inclusive) of a query: months in the organisation's zone, by default the 12 months to
 * this one. Over a year, or `from` after `to`, is 400 naming the field; nothing is read.
 */
export function listRange(q: Pick<ReportListQuery, 'from' | 'to'>, now: Date, timeZone: string): ReportListRange {
  const toMonth = q.to && MONTH.test(q.to) ? q.to : monthOf(q.to ? new Date(q.to) : now, timeZone);
  const to = q.to && !MONTH.test(q.to) ? new Date(q.to).toISOString() : monthRange(toMonth, timeZone).to;
  const defaultFrom = monthsBack(toMonth, MAX_MONTHS - 1);
  const fromMonth = q.from && MONTH.test(q.from) ? q.from : q.from ? monthOf(new Date(q.from), timeZone) : defaultFrom;
  const from = q.from && !MONTH.test(q.from) ? new Date(q.from).toISOString() : monthRange(fromMonth, timeZone).from;
  const fail = (field: string, message: string) => {
    throw new ValidationError([{ field, code: 'invalid_range', message }]);
  };
  if (from > to) fail('from', '起始月份不能晚于截止月份');
  const months = monthIndex(toMonth) - monthIndex(fromMonth) + 1;
  if (months > MAX_MONTHS || Date.parse(to) - Date.parse(from) > 366 * 86400_000)
    fail('to', `查询范围最多一年（12 个月），现在是 ${months} 个月`);
  return { from, to, fromMonth, toMonth };
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
function monthsBack(month: string, n: number): string {
  const i = monthIndex(month) - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** A row of the list, as the API answers it and the page, CSV and Excel show it. */
export type ReportListRow = {
  reportId: string;
  title: string;
  severity: Severity;
  category: string;
  categoryLabel: string;
  departmentId: string;
  departmentName: string;
  status: Report['status'];
  closed: boolean;
  statusLabel: string;
  submittedAt: string;
  occurredAt: string;
  late: boolean;
  lateByMinutes: number;
  phonedIn: boolean;
  reporterName: string;
  followupCount: number;
};

export type ReportList = {
  items: ReportListRow[];
  nextCursor: string | null;
  range: ReportListRange;
  /** Index rows DynamoDB read for this page (filtered ones included): the cost of the page. */
  itemsRead: number;
  timezone: string;
};

/** A phoned-in report (issue 14 item 1): `phonedIn`, or `intake.channel = "phone"`, whichever its writer stores. */
export const isPhonedIn = (r: Report) => {
  const x = r as Report & { phonedIn?: boolean; intake?: { channel?: string } };
  return x.phonedIn === true || x.intake?.channel === 'phone';
};

export const statusLabel = (r: Pick<Report, 'status' | 'closedAt'>) =>
  r.closedAt ? '已终报' : r.status === 'acknowledged' ? '已全部确认' : '逐级报送中';

/**
 * The caller's organisation's reports the caller may see, in the range and matching the filters, newest first; one
 * page of `limit`, the next from `nextCursor`. Reads only the range of the organisation's report index (GSI1), never a
 * scan; the filters and the title search (`q`, a substring of the title) run inside DynamoDB on that range.
 */
export async function listReports(
  deps: Pick<ReportsDeps, 'orgs' | 'reports' | 'clock'>,
  caller: Caller,
  query: Record<string, string | undefined>,
): Promise<ReportList> {
  const q = parseOrThrow(reportListQuerySchema, query);
  const org = await deps.orgs.getOrg(caller.orgId);
  if (!org) throw new NotFoundError('单位');
  const range = listRange(q, deps.clock(), org.timezone);
  const cursor = decodeCursor(q.cursor);
  const channel = q.channel ?? (q.phonedIn ? (q.phonedIn === 'true' ? 'phone' : 'written') : undefined);
  const [page, departments] = await Promise.all([
    deps.reports.listInRange(
      {
        orgId: org.orgId,
        from: range.from,
        to: range.to,
        departmentId: q.departmentId,
        category: q.category,
        severity: q.severity,
        status: q.status,
        late: q.late === undefined ? undefined : q.late === 'true',
        channel,
        q: q.q,
        limit: q.limit,
        budget: PAGE_READ_BUDGET,
        cursor,
      },
      (r) => canSeeReport(r, caller, org.officeDepartmentId),
    ),
    deps.orgs.listDepartments(org.orgId),
  ]);
  const names = new Map(departments.map((d) => [d.departmentId, d.name]));
  return {
    items: page.items.map((r) => toRow(r, names.get(r.departmentId) ?? '')),
    nextCursor: encodeCursor(page.next),
    range,
    itemsRead: page.itemsRead,
    timezone: org.timezone,
  };
}

function toRow(r: Report, departmentName: string): ReportListRow {
  return {
    reportId: r.reportId,
    title: r.title,
    severity: r.severity,
    category: r.category,
    categoryLabel: r.categoryLabel,
    departmentId: r.departmentId,
    departmentName,
    status: r.status,
    closed: !!r.closedAt,
    statusLabel: statusLabel(r),
    submittedAt: r.submittedAt,
    occurredAt: r.occurredAt,
    late: r.late,
    lateByMinutes: r.lateByMinutes ?? 0,
    phonedIn: isPhonedIn(r),
    reporterName: r.reporterName,
    followupCount: r.followupCount ?? 0,
  };
}

/** Every page of the list (an export): up to `max` rows, following the cursors. */
export async function listAllReports(
  deps: Pick<ReportsDeps, 'orgs' | 'reports' | 'clock'>,
  caller: Caller,
  query: Record<string, string | undefined>,
  max = 5000,
): Promise<ReportList> {
  let page = await listReports(deps, caller, { ...query, limit: '100', cursor: undefined });
  const items = [...page.items];
  let read = page.itemsRead;
  while (page.nextCursor && items.length < max) {
    page = await listReports(deps, caller, { ...query, limit: '100', cursor: page.nextCursor });
    items.push(...page.items);
    read += page.itemsRead;
  }
  return { ...page, items: items.slice(0, max), itemsRead: read, nextCursor: null };
}

const HEADERS = ['报送时间', '标题', '部门', '类别', '等级', '状态', '迟报', '电话报告', '报告人', '续报数'] as const;

const cells = (r: ReportListRow, tz: string) => [
  formatLocal(r.submittedAt, tz),
  r.title,
  r.departmentName,
  r.categoryLabel,
  SEVERITY_LABELS[r.severity],
  r.statusLabel,
  r.late ? `迟报 ${r.lateByMinutes} 分钟` : '否',
  r.phonedIn ? '是' : '否',
  r.reporterName,
  r.followupCount,
];

/** The list as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), times in the organisation's zone. */
export function reportListCsv(list: ReportList): string {
  const cell = (v: unknown) => {
    const t = String(v ?? '');
    // A leading =, +, - or @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
    const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [HEADERS.join(','), ...list.items.map((r) => cells(r, list.timezone).map(cell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The list as one sheet (报告列表), titled with the organisation and the range. */
export function reportListSheets(list: ReportList, org: Pick<Org, 'name'>): Sheet[] {
  return [
    {
      name: '报告列表',
      title: `${org.name} 紧急信息报告（${list.range.fromMonth} 至 ${list.range.toMonth}）`,
      columns: HEADERS.map((header) => ({
        header,
        kind: header === '续报数' ? ('integer' as const) : header === '报送时间' ? ('datetime' as const) : undefined,
      })),
      rows: list.items.map((r) => cells(r, list.timezone)),
    },
  ];
}

/** The file name of an export: its range. */
export const reportListFilename = (list: ReportList, ext: 'csv' | 'xlsx') =>
  `reports-${list.range.fromMonth}-${list.range.toMonth}.${ext}`;
