import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Department, Org, Person, Shift } from '../domain/model.ts';
import { INDEX, keys } from './keys.ts';

const strip = <T extends object>(item: Record<string, unknown> | undefined): T | undefined => {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, entity: _e, ...rest } = item;
  return rest as T;
};

/** Organisations, departments, people and duty shifts. */
export class OrgRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getOrg(orgId: string): Promise<Org | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.org(orgId) }));
    return strip<Org>(r.Item);
  }

  async getDepartment(orgId: string, departmentId: string): Promise<Department | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.department(orgId, departmentId) }));
    return strip<Department>(r.Item);
  }

  async listDepartments(orgId: string): Promise<Department[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.departmentPrefix },
      }),
    );
    return (r.Items ?? []).map((i) => strip<Department>(i)!);
  }

  async getPerson(personId: string): Promise<Person | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.person(personId) }));
    return strip<Person>(r.Item);
  }

  async getPeople(ids: readonly string[]): Promise<Map<string, Person>> {
    const unique = [...new Set(ids.filter(Boolean))];
    const out = new Map<string, Person>();
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Record<string, string>[] }> | undefined = {
        [this.table]: { Keys: unique.slice(i, i + 100).map((id) => keys.person(id)) },
      };
      for (let attempt = 0; request && Object.keys(request).length && attempt < 5; attempt++) {
        const r = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of r.Responses?.[this.table] ?? []) {
          const p = strip<Person>(item)!;
          out.set(p.personId, p);
        }
        request = r.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  async findPersonByEmail(email: string): Promise<Person | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.email(email) }));
    const personId = r.Item?.personId as string | undefined;
    return personId ? this.getPerson(personId) : undefined;
  }

  async listPeople(orgId: string): Promise<Person[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgPeople(orgId) },
      }),
    );
    return (r.Items ?? []).map((i) => strip<Person>(i)!);
  }

  /** The shift covering `at`, if any: shifts are sorted by start, so this reads the few that started before `at`. */
  async shiftAt(orgId: string, at: Date): Promise<Shift | undefined> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.org(orgId).PK,
          ':from': `${keys.shiftPrefix}${new Date(at.getTime() - 8 * 24 * 3600_000).toISOString()}`,
          ':to': `${keys.shiftPrefix}${at.toISOString()}#~`,
        },
        ScanIndexForward: false,
      }),
    );
    return (r.Items ?? []).map((i) => strip<Shift>(i)!).find((s) => new Date(s.start) <= at && new Date(s.end) > at);
  }

  /** Creates an organisation; a second create of the same id is a no-op that returns false. */
  async createOrg(org: Org): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.org(org.orgId), GSI1PK: keys.orgList(), GSI1SK: org.orgId, entity: 'org', ...org },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async putDepartment(d: Department): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.department(d.orgId, d.departmentId), entity: 'department', ...d } }));
  }

  /** Creates a person and claims the e-mail address in one transaction; the address can belong to one person only. */
  async createPerson(p: Person): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.email(p.email), entity: 'email', personId: p.personId, orgId: p.orgId },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.person(p.personId), GSI1PK: keys.orgPeople(p.orgId), GSI1SK: `${p.name}#${p.personId}`, entity: 'person', ...p, email: p.email.toLowerCase() },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
  }

  async putShift(s: Shift): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.shift(s.orgId, s.start, s.shiftId), entity: 'shift', ...s } }));
  }
}
