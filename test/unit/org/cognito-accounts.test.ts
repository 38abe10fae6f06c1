import { describe, expect, it } from 'vitest';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoSignInAccounts } from '../../../shared/org/sign-in-account-repo.ts';

/** A stand-in for Cognito's client (AWS is not reachable from tests): it records the commands and answers by name. */
function fakeCognito(answer: (command: string) => string | undefined) {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (c: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const command = c.constructor.name;
      sent.push({ command, input: c.input });
      const error = answer(command);
      if (error) throw Object.assign(new Error(error), { name: error });
      return {};
    },
  } as unknown as CognitoIdentityProviderClient;
  return { sent, accounts: new CognitoSignInAccounts('pool-1', client) };
}

describe('the Cognito sign-in accounts: every call safe to repeat', () => {
  it('invites by e-mail with DesiredDeliveryMediums EMAIL; a user that exists already is success', async () => {
    const { sent, accounts } = fakeCognito(() => 'UsernameExistsException');
    await expect(accounts.invite({ email: 'a@test.local', name: '甲' })).resolves.toBeUndefined();
    expect(sent).toEqual([
      {
        command: 'AdminCreateUserCommand',
        input: {
          UserPoolId: 'pool-1',
          Username: 'a@test.local',
          UserAttributes: [
            { Name: 'email', Value: 'a@test.local' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: '甲' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
    ]);
  });

  it('passes on any other failure, so the use case writes nothing and the request can be retried', async () => {
    const { accounts } = fakeCognito(() => 'TooManyRequestsException');
    await expect(accounts.invite({ email: 'a@test.local', name: '甲' })).rejects.toThrow('TooManyRequestsException');
    await expect(accounts.disable('a@test.local')).rejects.toThrow('TooManyRequestsException');
  });

  it('disables (an unknown user is fine) and enables, inviting an address that has no user yet', async () => {
    const { sent, accounts } = fakeCognito((c) =>
      c === 'AdminCreateUserCommand' ? undefined : 'UserNotFoundException',
    );
    await accounts.disable('b@test.local');
    await accounts.enable({ email: 'b@test.local', name: '乙' });
    expect(sent.map((s) => s.command)).toEqual([
      'AdminDisableUserCommand',
      'AdminEnableUserCommand',
      'AdminCreateUserCommand',
    ]);
  });
});
