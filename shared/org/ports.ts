import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import type { Runtime } from '../platform/kernel/runtime.ts';
import type { CalendarOverrides } from './rules/calendar.ts';
import type { OrgConfig } from './rules/config.ts';
import type { Department, Org, Person, Shift } from './rules/model.ts';
import type { MailUndeliverable } from './rules/mail-reach.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { Mailer } from '../platform/mail/mailer.ts';

/** The idempotency record written with a creation (`Idempotency-Key`), in the same transaction as what it creates. */
export type OrgCreationKey = {
  callerId: string;
  scope: 'org' | 'department' | 'person';
  key: string;
  record: IdempotencyRecord;
};

/** A lower organisation as its parent lists it (`OrgReader.listChildOrgs`). */
export type ChildOrg = Pick<
  Org,
  'orgId' | 'name' | 'timezone' | 'parentOrgId' | 'officeDepartmentId' | 'principalLeaderId' | 'createdAt'
>;

export type ConfigVersion = { month: string; config: OrgConfig; savedAt: string; savedBy: string };

/** What every context reads of the organisation: the organisation, its departments, people and duty roster. */
export interface OrgReader {
  /**
   * The organisation as it stands at `at` (now by default): `config` is the configuration version in effect that
   * month, `calendarOverrides` merges the organisation's overrides of every year.
   */
  getOrg(orgId: string, at?: Date): Promise<Org | undefined>;
  getDepartment(orgId: string, departmentId: string): Promise<Department | undefined>;
  listDepartments(orgId: string): Promise<Department[]>;
  getPerson(personId: string): Promise<Person | undefined>;
  getPeople(ids: readonly string[]): Promise<Map<string, Person>>;
  /** The person who signs in with this e-mail: never a disabled one (`disabled`: cannot sign in). */
  findPersonByEmail(email: string): Promise<Person | undefined>;
  listPeople(orgId: string): Promise<Person[]>;
  /** The organisation's lower organisations (its children), by name. */
  listChildOrgs(parentOrgId: string): Promise<ChildOrg[]>;
  /** The shift covering `at`, if any. */
  shiftAt(orgId: string, at: Date): Promise<Shift | undefined>;
}

/** The organisation's store (POLICY.md §2): every write of the administration use cases. */
export interface OrgStore extends OrgReader {
  listConfigVersions(orgId: string): Promise<ConfigVersion[]>;
  putConfigVersion(orgId: string, month: string, config: OrgConfig, savedBy: string, savedAt: string): Promise<void>;
  /** Changes fields of an existing organisation. */
  updateOrg(
    orgId: string,
    fields: Partial<Pick<Org, 'name' | 'timezone' | 'principalLeaderId' | 'officeDepartmentId'>>,
  ): Promise<void>;
  setCalendarYear(orgId: string, year: number, overrides: CalendarOverrides): Promise<void>;
  /** Creates an organisation; false when that id exists. */
  createOrg(org: Org, creation?: OrgCreationKey): Promise<boolean>;
  /** The first response of a creation made with this key in the last 24 hours, if any. */
  getCreation(callerId: string, scope: OrgCreationKey['scope'], key: string): Promise<IdempotencyRecord | undefined>;
  /** Creates a person and claims the e-mail address: `emailTaken` (409) when another person has it. */
  createPerson(p: Person, creation?: OrgCreationKey): Promise<void>;
  /** Creates a department (and makes it the office when `asOffice`). */
  createDepartment(d: Department, asOffice?: boolean, creation?: OrgCreationKey): Promise<void>;
  updateDepartment(d: Department, asOffice?: boolean): Promise<void>;
  /** Saves a changed person: `emailTaken` (409) for a new address already claimed, `personNotFound` when gone. */
  updatePerson(before: Person, after: Person): Promise<void>;
  /** Which of these e-mail addresses are already claimed. */
  claimedEmails(emails: readonly string[]): Promise<Set<string>>;
  /** Writes an import whole or not at all: `importRaced` (400) when an address was claimed meanwhile. */
  importAll(departments: Department[], people: Person[]): Promise<void>;
  /** The person whose address this is, disabled or not (the address claim): what a bounce for it concerns. */
  peopleWithEmail(email: string): Promise<Person[]>;
  /**
   * Marks the person `mailUndeliverable` and records the event (`eventId`) with the organisation, in one
   * transaction, if the person still has the address the event was for; false when it changed meanwhile (or is gone).
   */
  markMailUndeliverable(person: Person, mark: MailUndeliverable, eventId: string): Promise<boolean>;
  /** The send-once record of the mail telling office member `officerId` about one event for one person. */
  mailEventSlot(orgId: string, eventId: string, personId: string, officerId: string): MailSlot;
  /** Shifts overlapping [from, to). */
  listShifts(orgId: string, from: Date, to: Date): Promise<Shift[]>;
  /** Removes `remove` and writes `add` in one transaction. */
  replaceShifts(orgId: string, remove: Shift[], add: Shift[]): Promise<void>;
}

/**
 * The sign-in accounts of the identity provider, one per registered e-mail (POLICY.md §2: a person the office adds can
 * sign in). On AWS the Cognito user pool (`CognitoSignInAccounts`: a user created with an e-mailed invitation,
 * disabled and enabled with the person); on one machine the local OIDC provider accepts any e-mail and the app checks
 * the table, so `TableSignInAccounts` only records what was asked (README "Sign-in accounts").
 * Every call is safe to repeat: inviting an address that has an account, or disabling a disabled one, succeeds.
 */
export interface SignInAccounts {
  /** Creates the account of the e-mail and sends the invitation with a temporary password; an existing one is fine. */
  invite(person: { email: string; name: string }): Promise<void>;
  /** The account can no longer sign in (its sessions end when their tokens expire). An unknown address is fine. */
  disable(email: string): Promise<void>;
  /** Signs in again; an address without an account is invited. */
  enable(person: { email: string; name: string }): Promise<void>;
}

/** What the organisation's use cases need. */
export type OrgDeps = Runtime & { orgs: OrgStore; accounts: SignInAccounts };
/** What the bounce and complaint use case needs (org/mail-bounces.ts): the store, and the mailer to tell the office. */
export type MailEventsDeps = Runtime & { orgs: OrgStore; mailer: Mailer; appUrl: string };
