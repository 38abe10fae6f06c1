import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What the bundles take instead of `@aws-sdk/credential-provider-node` (an esbuild alias in `BaosongFunction`): the
 * credentials of the environment, and nothing else. Lambda always puts the execution role's credentials there, and
 * the local runtime sets them in each function's environment, so the default chain never gets past its first link;
 * its SSO, INI, process, web-identity and metadata providers (with the STS and SSO clients, 58 KiB minified) are left
 * out of every bundle. Handler code is unchanged: the SDK clients still ask their default provider.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
