import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgRepo } from '../../shared/org/org-repo.ts';
import type { Person } from '../../shared/org/rules/model.ts';

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
