import { RemovalPolicy } from 'aws-cdk-lib';

/** The stages and everything that differs between them: the only place that branches on the stage. */
export const STAGES = ['local', 'dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export type StageConfig = {
  stage: StageName;
  /** Sign-in: `dev` tokens from POST /api/auth/dev-login (local only), or Cognito ID tokens. */
  authMode: 'dev' | 'cognito';
  /** Whether the routes marked `localOnly` in the route table (the dev sign-in) exist. */
  localOnlyRoutes: boolean;
  /**
   * The prefix of the user pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`); unique in its
   * region, so a deployment names its own with BAOSONG_AUTH_DOMAIN_PREFIX. Cognito refuses "aws", "amazon", "cognito".
   */
  authDomainPrefix: string;
  /** The address escalation mails come from; an SES identity is created for it. */
  mailFrom: string;
  /**
   * Where texts (短信) come from: a sender id where the destination country takes one, else a phone number of the
   * given type (SIMULATOR numbers cost nothing and reach only AWS's simulator destinations: for dev). The stateful
   * stack creates it with a configuration set; the account's monthly SMS spend limit is set outside (README "SMS").
   */
  sms:
    | { kind: 'senderId'; senderId: string; isoCountryCode: string }
    | { kind: 'phoneNumber'; numberType: 'SIMULATOR' | 'LONG_CODE' | 'TOLL_FREE' | 'TEN_DLC'; isoCountryCode: string };
  /** What happens to the table and the user pool when the stack is deleted. */
  removalPolicy: RemovalPolicy;
  logRetentionDays: 30 | 90 | 365;
  /** Lambda memory for every function, in MB. */
  memoryMb: number;
};

export const STAGE_CONFIG: Record<StageName, StageConfig> = {
  local: {
    stage: 'local',
    authMode: 'dev',
    localOnlyRoutes: true,
    authDomainPrefix: 'baosong-local',
    mailFrom: 'baosong@demo.local',
    sms: { kind: 'senderId', senderId: 'BAOSONG', isoCountryCode: 'CN' },
    removalPolicy: RemovalPolicy.DESTROY,
    logRetentionDays: 30,
    memoryMb: 512,
  },
  dev: {
    stage: 'dev',
    authMode: 'cognito',
    localOnlyRoutes: false,
    authDomainPrefix: process.env.BAOSONG_AUTH_DOMAIN_PREFIX ?? 'baosong-dev',
    mailFrom: process.env.BAOSONG_MAIL_FROM ?? 'baosong@example.org',
    sms: { kind: 'phoneNumber', numberType: 'SIMULATOR', isoCountryCode: 'US' },
    removalPolicy: RemovalPolicy.DESTROY,
    logRetentionDays: 30,
    memoryMb: 512,
  },
  prod: {
    stage: 'prod',
    authMode: 'cognito',
    localOnlyRoutes: false,
    authDomainPrefix: process.env.BAOSONG_AUTH_DOMAIN_PREFIX ?? 'baosong-prod',
    mailFrom: process.env.BAOSONG_MAIL_FROM ?? 'baosong@example.org',
    sms: process.env.BAOSONG_SMS_SENDER_ID
      ? {
          kind: 'senderId',
          senderId: process.env.BAOSONG_SMS_SENDER_ID,
          isoCountryCode: process.env.BAOSONG_SMS_COUNTRY ?? 'CN',
        }
      : { kind: 'phoneNumber', numberType: 'LONG_CODE', isoCountryCode: process.env.BAOSONG_SMS_COUNTRY ?? 'CN' },
    removalPolicy: RemovalPolicy.RETAIN,
    logRetentionDays: 365,
    memoryMb: 1024,
  },
};

export function stageConfig(name: string | undefined): StageConfig {
  if (!name || !(STAGES as readonly string[]).includes(name))
    throw new Error(`Unknown stage "${name}": use one of ${STAGES.join(', ')} (cdk --context stage=dev).`);
  return STAGE_CONFIG[name as StageName];
}
