import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgRepo } from '../../shared/org/org-repo.ts';
import type { Person } from '../../shared/org/rules/model.ts';
import type { Report } from '../../shared/reports/rules/model.ts';

/**
 * Writes rows straight into the table, 25 a BatchWriteItem and `parallel` of those at once, asking again for what
 * DynamoDB left unprocessed: how the bench seeds what it measures, faster than the use cases would.
 */
export async function writeAll(
  db: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  parallel = 8,
): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < chunks.length) {
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
          [table]: chunks[next++]!.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length) {
          const r = await db.send(new BatchWriteCommand({ RequestItems: request }));
          request = r.UnprocessedItems as typeof request;
        }
      }
    }),
  );
}

/** One available person of `orgId`, by the use case that creates people (their e-mail index included). */
export function seedPerson(
  orgs: OrgRepo,
  orgId: string,
  p: { personId: string; name: string; email: string; roles: readonly string[]; departmentId?: string },
): Promise<unknown> {
  const { departmentId, ...rest } = p;
  return orgs.createPerson({
    ...rest,
    orgId,
    roles: [...p.roles] as Person['roles'],
    available: true,
    ...(departmentId ? { departmentId } : {}),
  });
}

/** The fields a bench report is given: who, what and when; the rest is `storedReport`'s. */
type ReportSeed = Pick<
  Report,
  | 'reportId'
  | 'orgId'
  | 'departmentId'
  | 'reporterId'
  | 'reporterName'
  | 'category'
  | 'categoryLabel'
  | 'severity'
  | 'title'
  | 'status'
  | 'submittedAt'
  | 'chain'
  | 'timezone'
> &
  Partial<Report>;

/** A stored report as the bench seeds it: an event of that moment, filed on time, answered within 30 minutes. */
export function storedReport(seed: ReportSeed): Report {
  const at = seed.submittedAt;
  return {
    occurredAt: at,
    learnedAt: at,
    place: '机房',
    summary: '存量',
    measuresTaken: '无',
    contact: { name: '甲', phone: '12345678' },
    confidentiality: 'internal',
    deadline: at,
    late: false,
    lateByMinutes: 0,
    workingTime: true,
    ackTimeoutMinutes: 30,
    version: 0,
    ...seed,
  };
}
