import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../platform/dynamo/keys.ts';
import type { SignInAccounts } from './ports.ts';

/** The error names of Cognito that mean "already so": the call is then done. */
const errorName = (err: unknown) => (err as { name?: string } | undefined)?.name ?? '';

/**
 * The sign-in accounts on AWS: the Cognito user pool the pages sign in to (its id in `USER_POOL_ID`, set by the CDK
 * app, which grants the org function these four actions only). The pool signs in by e-mail (`signInAliases.email`),
 * so the e-mail is the username. A user created here gets Cognito's invitation mail with a temporary password and sets
 * their own at the first sign-in (README "First sign-in on AWS").
 */
export class CognitoSignInAccounts implements SignInAccounts {
  constructor(
    private readonly userPoolId: string,
    private readonly client = new CognitoIdentityProviderClient({}),
  ) {}

  /** AdminCreateUser with an e-mailed invitation; `UsernameExistsException` (invited before) is success. */
  async invite(p: { email: string; name: string }): Promise<void> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: p.email,
          UserAttributes: [
            { Name: 'email', Value: p.email },
            // The office vouches for the address; Cognito then lets the person reset a forgotten password by it.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: p.name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (err) {
      if (errorName(err) !== 'UsernameExistsException') throw err;
    }
  }

  /** AdminDisableUser; an address without a user (never invited) has nothing to disable. */
  async disable(email: string): Promise<void> {
    try {
      await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: email }));
    } catch (err) {
      if (errorName(err) !== 'UserNotFoundException') throw err;
    }
  }

  /** AdminEnableUser; an address without a user is invited instead (a person registered before accounts existed). */
  async enable(p: { email: string; name: string }): Promise<void> {
    try {
      await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: p.email }));
    } catch (err) {
      if (errorName(err) !== 'UserNotFoundException') throw err;
      await this.invite(p);
    }
  }
}

export type RecordedAccount = {
  email: string;
  name: string;
  state: 'invited' | 'disabled';
  invitations: number;
  updatedAt: string;
};

/**
 * The sign-in accounts on one machine. The local OIDC provider accepts any e-mail and the app decides who is a person
 * (a disabled person is refused by the table: `findPersonByEmail`), so there is no account to create; this adapter
 * records in the table what was asked (`ACCOUNT#<e-mail>`: invited or disabled, how many invitations), for the tests
 * and for a developer who wants to see what AWS would have done. It sends no mail: Cognito sends the invitation on AWS.
 */
export class TableSignInAccounts implements SignInAccounts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async invite(p: { email: string; name: string }): Promise<void> {
    const before = await this.get(p.email);
    if (before) return; // an existing account is left as it is, as Cognito does (UsernameExistsException)
    await this.put({ email: p.email, name: p.name, state: 'invited', invitations: 1 });
  }

  async disable(email: string): Promise<void> {
    const before = await this.get(email);
    if (before) await this.put({ ...before, state: 'disabled' });
  }

  async enable(p: { email: string; name: string }): Promise<void> {
    const before = await this.get(p.email);
    if (!before) return this.invite(p);
    await this.put({ ...before, state: 'invited' });
  }

  /** What was recorded for an e-mail, if anything. */
  async get(email: string): Promise<RecordedAccount | undefined> {
    const key = keys.signInAccount(email);
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    if (!r.Item) return undefined;
    const { email: e, name, state, invitations, updatedAt } = r.Item as RecordedAccount;
    return { email: e, name, state, invitations, updatedAt };
  }

  private async put(a: Omit<RecordedAccount, 'updatedAt'>): Promise<void> {
    const item = { ...keys.signInAccount(a.email), entity: 'signInAccount', ...a, email: a.email.toLowerCase() };
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { ...item, updatedAt: this.clock().toISOString() } }),
    );
  }
}
