import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Department, Org, Person, Shift } from './rules/model.ts';
import type { CalendarOverrides } from './rules/calendar.ts';
import type { MailUndeliverable } from './rules/mail-reach.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import type { OrgConfig } from './rules/config.ts';
import type { ChildOrg, ConfigVersion, OrgCreationKey, OrgStore } from './ports.ts';
import { emailTaken, importRaced, personNotFound } from './errors.ts';
import { monthOf } from '../platform/kernel/time.ts';
import { INDEX, keys } from '../platform/dynamo/keys.ts';
import {
  batchGetRows,
  cancellationReasons,
  isConditionFailure,
  newestInRange,
  queryAll,
} from '../platform/dynamo/client.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import { readScopedCreation, scopedCreation } from '../platform/dynamo/scoped-creation.ts';
import { transactCreation, transactUnlessFirstRefused, type TransactItem } from '../platform/dynamo/transaction.ts';

const strip = <T extends object>(item: Record<string, unknown> | undefined): T | undefined => {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, entity: _e, ...rest } = item;
  return rest as T;
};

/** A department's row. */
const departmentRow = (d: Department) => ({ ...keys.department(d.orgId, d.departmentId), entity: 'department', ...d });

/** A person's row: in the organisation's people by name (GSI1), the address kept in lower case. */
const personRow = (p: Person) => ({
  ...keys.person(p.personId),
  GSI1PK: keys.orgPeople(p.orgId),
  GSI1SK: `${p.name}#${p.personId}`,
  entity: 'person',
  ...p,
  email: p.email.toLowerCase(),
});

/** The claim of a person's e-mail address: one person per address. */
const emailClaimRow = (p: Pick<Person, 'email' | 'personId' | 'orgId'>) => ({
  ...keys.email(p.email),
  entity: 'email',
  personId: p.personId,
  orgId: p.orgId,
});

/** Organisations, departments, people and duty shifts. */
export class OrgRepo implements OrgStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * The organisation as it stands at `at`: `config` is the configuration version in effect that month (in the
   * organisation's zone; the item's own config when no version applies), and `calendarOverrides` merges the
   * organisation's overrides of every year. One GetItem and one Query, in parallel.
   */
  async getOrg(orgId: string, at: Date = new Date()): Promise<Org | undefined> {
    const nextMonthUtc = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    const [r, versions] = await Promise.all([
      this.db.send(new GetCommand({ TableName: this.table, Key: keys.org(orgId) })),
      this.db.send(
        new QueryCommand(
          newestInRange(
            this.table,
            keys.org(orgId).PK,
            keys.orgConfigPrefix,
            keys.orgConfig(orgId, nextMonthUtc).SK,
            2,
          ),
        ),
      ),
    ]);
    const item = r.Item;
    if (!item) return undefined;
    const byYear: Record<string, CalendarOverrides> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item)) {
      const m = /^calendar_(\d{4})$/.exec(k);
      if (m) byYear[m[1]!] = v as CalendarOverrides;
      else rest[k] = v;
    }
    const org = strip<Org>(rest)!;
    const month = monthOf(at, org.timezone);
    const version = (versions.Items ?? []).find((v) => String(v.month) <= month);
    if (version) {
      org.config = version.config as OrgConfig;
      org.configMonth = version.month as string;
    }
    if (Object.keys(byYear).length) {
      org.calendarByYear = byYear;
      const merged = {
        holidays: [...(org.calendarOverrides?.holidays ?? [])],
        workdays: [...(org.calendarOverrides?.workdays ?? [])],
      };
      for (const y of Object.values(byYear)) {
        merged.holidays.push(...y.holidays);
        merged.workdays.push(...y.workdays);
      }
      org.calendarOverrides = merged;
    }
    return org;
  }

  /** Every configuration version of an organisation, oldest first. */
  async listConfigVersions(orgId: string): Promise<ConfigVersion[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.orgConfigPrefix },
      }),
    );
    return (r.Items ?? []).map((i) => ({ month: i.month, config: i.config, savedAt: i.savedAt, savedBy: i.savedBy }));
  }

  /** Saves the configuration taking effect in `month` (replacing an earlier save for the same month). */
  async putConfigVersion(
    orgId: string,
    month: string,
    config: OrgConfig,
    savedBy: string,
    savedAt: string,
  ): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.orgConfig(orgId, month), entity: 'orgConfig', orgId, month, config, savedBy, savedAt },
      }),
    );
  }

  /** Changes fields of an existing organisation (a missing organisation is a failed condition). */
  async updateOrg(
    orgId: string,
    fields: Partial<Pick<Org, 'name' | 'timezone' | 'principalLeaderId' | 'officeDepartmentId'>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.org(orgId),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  /** Replaces one year's calendar overrides of an organisation. */
  async setCalendarYear(orgId: string, year: number, overrides: CalendarOverrides): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.org(orgId),
        UpdateExpression: 'SET #y = :v',
        ExpressionAttributeNames: { '#y': keys.calendarAttr(year) },
        ExpressionAttributeValues: { ':v': overrides },
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  async getDepartment(orgId: string, departmentId: string): Promise<Department | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.department(orgId, departmentId) }));
    return strip<Department>(r.Item);
  }

  async listDepartments(orgId: string): Promise<Department[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.departmentPrefix },
    });
    return rows.map((i) => strip<Department>(i)!);
  }

  async getPerson(personId: string): Promise<Person | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.person(personId) }));
    return strip<Person>(r.Item);
  }

  async getPeople(ids: readonly string[]): Promise<Map<string, Person>> {
    const unique = [...new Set(ids.filter(Boolean))];
    const rows = await batchGetRows(
      this.db,
      this.table,
      unique.map((id) => keys.person(id)),
      { maxAttempts: 5 },
    );
    return new Map(rows.map((row) => strip<Person>(row)!).map((p) => [p.personId, p]));
  }

  async findPersonByEmail(email: string): Promise<Person | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.email(email) }));
    const personId = r.Item?.personId as string | undefined;
    const person = personId ? await this.getPerson(personId) : undefined;
    return person?.disabled ? undefined : person;
  }

  async peopleWithEmail(email: string): Promise<Person[]> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.email(email) }));
    const personId = r.Item?.personId as string | undefined;
    const person = personId ? await this.getPerson(personId) : undefined;
    return person && person.email.toLowerCase() === email.trim().toLowerCase() ? [person] : [];
  }

  async markMailUndeliverable(person: Person, mark: MailUndeliverable, eventId: string): Promise<boolean> {
    return transactUnlessFirstRefused(this.db, [
      {
        Update: {
          TableName: this.table,
          Key: keys.person(person.personId),
          UpdateExpression: 'SET mailUndeliverable = :mark',
          ConditionExpression: 'attribute_exists(PK) AND email = :email',
          ExpressionAttributeValues: { ':mark': mark, ':email': person.email },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.mailEvent(person.orgId, eventId, person.personId),
            entity: 'mailEvent',
            eventId,
            personId: person.personId,
            email: person.email.toLowerCase(),
            ...mark,
          },
        },
      },
    ]);
  }

  mailEventSlot(orgId: string, eventId: string, personId: string, officerId: string): MailSlot {
    const key = keys.mailEventMail(orgId, eventId, personId, officerId);
    return mailSlot(this.db, this.table, key, key.SK);
  }

  /** Every person of an organisation, page after page (an organisation of thousands passes DynamoDB's 1 MB a page). */
  async listPeople(orgId: string): Promise<Person[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.orgPeople(orgId) },
    });
    return rows.map((i) => strip<Person>(i)!);
  }

  /**
   * The lower organisations of `parentOrgId` (those whose `parentOrgId` it is), by name: one Query of the `ORGS`
   * partition of GSI1 with a filter on `parentOrgId`, projected to what a summary needs. It reads every
   * organisation's item (about 1 KB each: a thousand organisations are one or two pages), not only the children:
   * README "Access patterns" says so; a child-keyed index would need the organisation's creation to write it.
   */
  async listChildOrgs(parentOrgId: string): Promise<ChildOrg[]> {
    const rows = await queryAll<ChildOrg>(this.db, {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: 'parentOrgId = :parent',
      ProjectionExpression: 'orgId, #n, #tz, parentOrgId, officeDepartmentId, principalLeaderId, createdAt',
      ExpressionAttributeNames: { '#n': 'name', '#tz': 'timezone' },
      ExpressionAttributeValues: { ':pk': keys.orgList(), ':parent': parentOrgId },
    });
    return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.orgId.localeCompare(b.orgId));
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

  /** Creates an organisation; a second create of the same id is a no-op that returns false. With `creation`, the idempotency record is written in the same transaction. */
  async createOrg(org: Org, creation?: OrgCreationKey): Promise<boolean> {
    const put = {
      TableName: this.table,
      Item: { ...keys.org(org.orgId), GSI1PK: keys.orgList(), GSI1SK: org.orgId, entity: 'org', ...org },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    try {
      if (creation) await this.transactCreation([{ Put: put }], creation);
      else await this.db.send(new PutCommand(put));
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /** The first response of a creation made with this key in the last 24 hours, if any. */
  async getCreation(
    callerId: string,
    scope: OrgCreationKey['scope'],
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    return readScopedCreation(this.db, this.table, callerId, scope, key);
  }

  /** Writes `items` and the idempotency record in one transaction; a key already used throws IdempotencyReplay with its record. */
  private async transactCreation(items: TransactItem[], creation?: OrgCreationKey): Promise<void> {
    await transactCreation(this.db, this.table, items, scopedCreation(creation));
  }

  async putDepartment(d: Department): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: departmentRow(d),
      }),
    );
  }

  /** Creates a person and claims the e-mail address in one transaction; the address can belong to one person only. */
  async createPerson(p: Person, creation?: OrgCreationKey): Promise<void> {
    const claim = this.transactCreation(
      [
        {
          Put: {
            TableName: this.table,
            Item: emailClaimRow(p),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: personRow(p),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
      creation,
    );
    await claim.catch((err) => {
      throw cancellationReasons(err)[0] === 'ConditionalCheckFailed' ? emailTaken(p.email) : err;
    });
  }

  /**
   * Creates a department; when `asOffice`, also makes it the organisation's office in the same transaction.
   * Throws ConditionalCheckFailed (cancelled transaction) if the id exists or the organisation does not.
   */
  async createDepartment(d: Department, asOffice = false, creation?: OrgCreationKey): Promise<void> {
    await this.transactCreation(
      [
        {
          Put: {
            TableName: this.table,
            Item: departmentRow(d),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        asOffice
          ? this.officeUpdate(d)
          : {
              ConditionCheck: {
                TableName: this.table,
                Key: keys.org(d.orgId),
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
      ],
      creation,
    );
  }

  /** The transaction item that makes `d` its organisation's office (the organisation must exist). */
  private officeUpdate(d: Department): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: keys.org(d.orgId),
        UpdateExpression: 'SET officeDepartmentId = :d',
        ExpressionAttributeValues: { ':d': d.departmentId },
        ConditionExpression: 'attribute_exists(PK)',
      },
    };
  }

  /** Saves a changed department; when `asOffice`, it becomes the organisation's office in the same transaction. */
  async updateDepartment(d: Department, asOffice = false): Promise<void> {
    const put = {
      Put: {
        TableName: this.table,
        Item: departmentRow(d),
        ConditionExpression: 'attribute_exists(PK)',
      },
    };
    if (!asOffice) {
      await this.db.send(new PutCommand(put.Put));
      return;
    }
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [put, this.officeUpdate(d)],
      }),
    );
  }

  /**
   * Saves a changed person. A changed e-mail moves the address claim in the same transaction (the new address must be
   * free: else `emailTaken`); the person record is written only if it still exists (else `personNotFound`).
   */
  async updatePerson(before: Person, after: Person): Promise<void> {
    // An available person keeps no end of a leave.
    const { unavailableUntil: _u, ...base } = after;
    const item = personRow(after.available ? base : after);
    const putPerson = { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_exists(PK)' } };
    if (before.email.toLowerCase() === after.email.toLowerCase()) {
      await this.db.send(new PutCommand(putPerson.Put)).catch((err) => {
        throw isConditionFailure(err) ? personNotFound() : err;
      });
      return;
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            putPerson,
            {
              Put: {
                TableName: this.table,
                Item: emailClaimRow(after),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Delete: {
                TableName: this.table,
                Key: keys.email(before.email),
                ConditionExpression: 'personId = :p',
                ExpressionAttributeValues: { ':p': before.personId },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (cancellationReasons(err)[1] === 'ConditionalCheckFailed') throw emailTaken(after.email);
      if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') throw personNotFound();
      throw err;
    }
  }

  /** Which of these e-mail addresses are already claimed (one BatchGet per 100). */
  async claimedEmails(emails: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    const rows = await batchGetRows(
      this.db,
      this.table,
      unique.map((e) => keys.email(e)),
      { maxAttempts: 5 },
    );
    return new Set(rows.map((row) => String(row.PK).slice('EMAIL#'.length)));
  }

  /**
   * Writes new departments and people (each person with its e-mail claim) as one import. Up to 100 items go in one
   * transaction; a larger import is written in several, and if a later one fails the earlier ones are removed again,
   * so an import lands whole or not at all.
   */
  async importAll(departments: Department[], people: Person[]): Promise<void> {
    type Item = { put: Record<string, unknown>; key: Record<string, string> };
    const items: Item[] = [
      ...departments.map((d) => ({
        put: departmentRow(d),
        key: keys.department(d.orgId, d.departmentId),
      })),
      ...people.flatMap((p) => [
        {
          put: emailClaimRow(p),
          key: keys.email(p.email),
        },
        {
          put: personRow(p),
          key: keys.person(p.personId),
        },
      ]),
    ];
    const done: Item[] = [];
    try {
      for (let i = 0; i < items.length; i += 100) {
        const chunk = items.slice(i, i + 100);
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: chunk.map((it) => ({
              Put: { TableName: this.table, Item: it.put, ConditionExpression: 'attribute_not_exists(PK)' },
            })),
          }),
        );
        done.push(...chunk);
      }
    } catch (err) {
      for (const it of done) await this.db.send(new DeleteCommand({ TableName: this.table, Key: it.key }));
      throw (err as Error).name === 'TransactionCanceledException' ? importRaced() : err;
    }
  }

  /** Shifts overlapping [from, to), by start (shifts last at most 8 days, so this reads from `from` − 8 days). */
  async listShifts(orgId: string, from: Date, to: Date): Promise<Shift[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.org(orgId).PK,
        ':from': `${keys.shiftPrefix}${new Date(from.getTime() - 8 * 24 * 3600_000).toISOString()}`,
        ':to': `${keys.shiftPrefix}${to.toISOString()}`,
      },
    });
    const out = rows.map((i) => strip<Shift>(i)!);
    return out.filter((s) => new Date(s.end) > from && new Date(s.start) < to);
  }

  /** Removes `remove` and writes `add` in one transaction (at most 100 shifts in all). */
  async replaceShifts(orgId: string, remove: Shift[], add: Shift[]): Promise<void> {
    const actions = [
      ...remove.map((s) => ({ Delete: { TableName: this.table, Key: keys.shift(orgId, s.start, s.shiftId) } })),
      ...add.map((s) => ({
        Put: {
          TableName: this.table,
          Item: { ...keys.shift(orgId, s.start, s.shiftId), entity: 'shift', ...s },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    ];
    if (!actions.length) return;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...actions,
          {
            ConditionCheck: {
              TableName: this.table,
              Key: keys.org(orgId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ],
      }),
    );
  }

  async putShift(s: Shift): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.shift(s.orgId, s.start, s.shiftId), entity: 'shift', ...s },
      }),
    );
  }
}
