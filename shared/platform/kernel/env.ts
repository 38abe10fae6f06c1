import * as z from 'zod';

/**
 * Reads and validates the environment once, failing fast with the names of what is missing.
 * Each function asks only for what it uses, so a function is never configured with more than it needs.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(1),
  ESCALATION_QUEUE_URL: z.string().min(1),
  SCORING_QUEUE_URL: z.string().min(1),
  OUTBOX_QUEUE_URL: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  /** The SES configuration set every mail is sent under: its bounces and complaints come back as events. */
  MAIL_CONFIGURATION_SET: z.string().min(1),
  /** The phone number or sender id texts come from (its ARN), and the configuration set they go with. */
  SMS_ORIGINATION_IDENTITY: z.string().min(1),
  SMS_CONFIGURATION_SET: z.string().min(1),
  /** The attachments bucket (functions with `files` access). */
  FILES_BUCKET: z.string().min(3),
  APP_URL: z.string().url(),
  STAGE: z.enum(['local', 'dev', 'prod']),
  AUTH_MODE: z.enum(['dev', 'cognito']),
  DEV_AUTH_SECRET: z.string().min(16),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  /** The ID tokens' issuer (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>; locally the provider). */
  OIDC_ISSUER: z.string().url(),
  /** Where /oauth2/authorize, /oauth2/token and /logout live (Cognito's managed-login domain; locally the issuer). */
  OIDC_DOMAIN: z.string().url(),
  /** The pages' app client (public, code + PKCE). */
  OIDC_CLIENT_ID: z.string().min(1),
});
export type Env = z.infer<typeof schema>;
type Key = keyof Env;

const cache = new Map<Key, unknown>();

export function env<K extends Key>(name: K): Env[K] {
  if (cache.has(name)) return cache.get(name) as Env[K];
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    throw new Error(`Missing environment variable ${name}: the function is not configured for what it does.`);
  }
  const parsed = schema.shape[name].safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Environment variable ${name} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  cache.set(name, parsed.data);
  return parsed.data as Env[K];
}

/** Fails at cold start if any of `names` is missing, instead of on the first request that needs it. */
export function requireEnv(...names: Key[]): void {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  for (const n of names) env(n);
}

/** For tests that run handlers in-process with another environment. */
export function resetEnvCache(): void {
  cache.clear();
}
