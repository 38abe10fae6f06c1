/**
 * Which AWS regions offer the services the stack needs, so that `cdk synth` for a region without one fails at once
 * with a message, rather than a deploy failing half-way (a managed-login domain that cannot be created, an SES
 * identity whose endpoint does not resolve).
 *
 * Source (commercial partition), read via a stored copy of the AWS documentation on 2026-12-02:
 * - SES: "Amazon Simple Email Service endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/ses.html
 *   (email.<region>), with its zh_cn copy https://docs.aws.amazon.com/zh_cn/general/latest/gr/ses.html.
 * - Cognito: "Amazon Cognito endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/cognito.html
 *   (table "Amazon Cognito user pools", cognito-idp.<region>), with its zh_cn copy
 *   https://docs.aws.amazon.com/zh_cn/general/latest/gr/cognito_identity.html. Managed login is the user pool's
 *   domain (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.md), so it
 *   is offered where user pools are.
 * - SMS: "AWS End User Messaging endpoints and quotas", table "AWS End User Messaging SMS and Voice V2 API"
 *   (sms-voice.<region>), https://docs.aws.amazon.com/general/latest/gr/end-user-messaging.html (stored as
 *   https://docs.aws.amazon.com/de_us/general/latest/gr/end-user-messaging.html) with its zh_cn copy
 *   https://docs.aws.amazon.com/zh_cn/general/latest/gr/end-user-messaging.html.
 * The stored copies gave the opening rows of each table only, up to Asia Pacific (Osaka) for SES, (Osaka) for
 * Cognito and (Sydney) for SMS. Those rows were checked (the tables list regions by name, A to Z within each
 * geography, so a region missing between two listed neighbours is absent): SES has no Hong Kong (ap-east-1),
 * Malaysia (ap-southeast-5) or Melbourne (ap-southeast-4); Cognito user pools have all three; SMS has Melbourne but
 * no Hong Kong or Malaysia. The rows after those (the later Asia Pacific regions, Canada, Europe, Israel, Middle
 * East, South America) were not in the stored copies: those entries are kept as they were written for this release
 * and are unverified. A region AWS adds later is added here by hand, with the page it was read on.
 * The China regions (cn-north-1, cn-northwest-1) are in none of the lists: "Getting Started with Amazon Web Services
 * in China" says Cognito user pools are not available in Beijing, the only China region with Cognito
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/cognito.html), and that SNS SMS messaging is not available in
 * Beijing or Ningxia (https://docs.amazonaws.cn/en_us/aws/latest/userguide/sns.md); that guide has no SES page in the
 * stored copy (README "Regions").
 */
export const SES_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'il-central-1',
  'me-south-1',
  'sa-east-1',
];

export const COGNITO_MANAGED_LOGIN_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
];

export const SMS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
];

/** What is missing in `region`, in the words of the message (empty when the region offers everything). */
export function missingServices(region: string, opts: { sms: boolean }): string[] {
  const out: string[] = [];
  if (!SES_REGIONS.includes(region)) out.push('Amazon SES（发送邮件）');
  if (!COGNITO_MANAGED_LOGIN_REGIONS.includes(region)) out.push('Amazon Cognito 用户池托管登录（managed login）');
  if (opts.sms && !SMS_REGIONS.includes(region)) out.push('AWS End User Messaging SMS（短信）');
  return out;
}

/**
 * Throws, naming what is missing and what to do, when `region` lacks a service the stack needs. An unresolved region
 * (no CDK_DEFAULT_REGION: an environment-agnostic synth, as in the tests) is not checked. `sms: false` (the context
 * `sms=none`) accepts a region without SMS: mail only.
 */
export function assertRegionOffersAll(region: string | undefined, opts: { sms: boolean }): void {
  if (!region || region.startsWith('${Token')) return;
  const missing = missingServices(region, opts);
  if (!missing.length) return;
  const china = region.startsWith('cn-');
  const lines = [
    `Region ${region} does not offer what the stack needs: ${missing.join('; ')}.`,
    china
      ? 'The AWS China regions have no Cognito user pools and no SES: see README "Regions" for what a body there does (an OIDC provider of its own, a mail service behind the Mailer port; not built).'
      : 'See README "Deploying to AWS" → "Regions" for the regions that offer every service and what a body in this region does.',
    ...(missing.some((m) => m.includes('SMS'))
      ? ['Without SMS (mail only) the check leaves SMS out: synth with --context sms=none.']
      : []),
    'The lists are in infra/regions.ts with the AWS pages they were read from; a region AWS added since is added there.',
  ];
  throw new Error(lines.join('\n'));
}
