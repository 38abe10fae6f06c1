import { type AwsCommand, callAws, commandOf, dnsSuffix, endpointOf, type Service } from './call.ts';

/**
 * What the bundles take instead of `@aws-sdk/client-cognito-identity-provider` (an esbuild alias in
 * `BaosongFunction`): the three user-pool calls the org function makes for the people the office adds
 * (`shared/org/sign-in-account-repo.ts`), as signed calls in Cognito's JSON 1.1 protocol, the same field names in and
 * out, errors named as the SDK names them (`UsernameExistsException`, `UserNotFoundException`). See `dynamodb.ts` for
 * why the bundles carry these and not the SDK.
 */
const COGNITO: Service = {
  signingName: 'cognito-idp',
  endpointEnv: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
  host: (r) => `cognito-idp.${r}.${dnsSuffix(r)}`,
};

type Input = { UserPoolId: string; Username: string } & Record<string, unknown>;

export const AdminCreateUserCommand = commandOf<Input>('AdminCreateUser');
export const AdminDisableUserCommand = commandOf<Input>('AdminDisableUser');
export const AdminEnableUserCommand = commandOf<Input>('AdminEnableUser');

export class CognitoIdentityProviderClient {
  constructor(readonly config: { maxAttempts?: number; endpoint?: string } = {}) {}

  send(cmd: AwsCommand<Input>): Promise<Record<string, unknown>> {
    return callAws(COGNITO, {
      endpoint: this.config.endpoint ?? endpointOf(COGNITO),
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${cmd.operation}`,
      },
      body: cmd.input,
      maxAttempts: this.config.maxAttempts,
    });
  }

  destroy(): void {}
}
