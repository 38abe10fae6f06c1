import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../platform/kernel/errors.ts';
import { INDEX, keys } from '../platform/dynamo/keys.ts';
import { stripKeys } from '../platform/dynamo/client.ts';
import type { ReportListFilter, ReportListPage } from './ports.ts';
import type { Report } from './rules/model.ts';

/** What a list row and the visibility rule read of a report: never the timeline, the mail log or the whole chain's mail. */
const PROJECTION = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'reportId',
  'orgId',
  'departmentId',
  'reporterId',
  'reporterName',
  'category',
  'categoryLabel',
  'severity',
  'title',
  'occurredAt',
  'submittedAt',
  '#status',
  'late',
  'lateByMinutes',
  'closedAt',
  'chain',
  'departmentHeadId',
  'departmentLeaderIds',
  'instructionAssigneeIds',
  'watcherIds',
  'confidentiality',
  'phonedIn',
  'intake',
  'signOff',
  'followupCount',
].join(', ');

/**
 * Rows read per Query while a page fills, after a first Query of the page's own size (all an unfiltered page needs):
 * small, so that a page stops reading soon after it is full.
 */
const CHUNK = 100;

/**
 * One page of an organisation's reports submitted in [from, to], newest first, from GSI1 (`ORG#<orgId>#REPORTS`,
 * sorted by `<submittedAt>#<reportId>`): the key condition bounds the read to the range, the filters run in DynamoDB
 * (`FilterExpression`), `visible` (the caller's visibility rule) here. Reads at most `budget` index rows; a page cut
 * short by the budget still has `next`. `next` is the last row kept, so nothing read past it is lost.
 */
export async function queryReportList(
  db: DynamoDBDocumentClient,
  table: string,
  f: ReportListFilter,
  visible: (r: Report) => boolean,
): Promise<ReportListPage> {
  const pk = keys.orgReports(f.orgId);
  const values: Record<string, unknown> = { ':pk': pk, ':from': f.from, ':to': `${f.to}#~` };
  const names: Record<string, string> = { '#status': 'status' };
  const filters: string[] = [];
  const eq = (attr: string, v: unknown) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = v;
    filters.push(`#${attr} = :${attr}`);
  };
  if (f.departmentId) eq('departmentId', f.departmentId);
  if (f.category) eq('category', f.category);
  if (f.severity) eq('severity', f.severity);
  if (f.late !== undefined) eq('late', f.late);
  if (f.status === 'closed') filters.push('attribute_exists(closedAt)');
  else if (f.status) {
    values[':status'] = f.status;
    filters.push('#status = :status');
  }
  if (f.channel) {
    // A phoned-in report (issue 14 item 1) carries `phonedIn: true` or `intake.channel = "phone"`.
    Object.assign(values, { ':true': true, ':phone': 'phone' });
    names['#channel'] = 'channel';
    const phoned = '(phonedIn = :true OR intake.#channel = :phone)';
    filters.push(f.channel === 'phone' ? phoned : `NOT ${phoned}`);
  }
  if (f.q) {
    values[':q'] = f.q;
    filters.push('contains(title, :q)');
  }
  if (f.cursor) checkCursor(f.cursor, pk, f.from, values[':to'] as string);
  const items: Report[] = [];
  let start = f.cursor;
  let itemsRead = 0;
  let lastKept: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ProjectionExpression: PROJECTION,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: Math.min(itemsRead ? CHUNK : f.limit, f.budget - itemsRead),
        ExclusiveStartKey: start,
      }),
    );
    itemsRead += r.ScannedCount ?? 0;
    start = r.LastEvaluatedKey;
    for (const row of r.Items ?? []) {
      const report = stripKeys<Report>(row);
      if (!visible(report)) continue;
      items.push(report);
      lastKept = { PK: row.PK, SK: row.SK, GSI1PK: row.GSI1PK, GSI1SK: row.GSI1SK };
      if (items.length === f.limit) break;
    }
    if (items.length === f.limit) return { items, next: lastKept, itemsRead };
  } while (start && itemsRead < f.budget);
  return { items, next: start, itemsRead };
}

/** A cursor of another list (another organisation, outside the range) is refused, not followed. */
function checkCursor(c: Record<string, unknown>, pk: string, from: string, to: string): void {
  const sk = String(c.GSI1SK ?? '');
  if (c.GSI1PK === pk && sk >= from && sk <= to) return;
  throw new ValidationError([
    { field: 'cursor', code: 'invalid', message: 'cursor 不属于这个查询，请使用上一页返回的 nextCursor' },
  ]);
}
