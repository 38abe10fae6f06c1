/**
 * Which AWS regions offer the services the stack needs, so that `cdk synth` for a region without one fails at once
 * with a message, rather than a deploy failing half-way (a managed-login domain that cannot be created, an SES
 * identity whose endpoint does not resolve).
 *
 * Source: the AWS General Reference endpoint pages, "Amazon Simple Email Service endpoints and quotas" (email.<region>),
 * "Amazon Cognito endpoints and quotas" (cognito-idp.<region>; managed login is the user pool's domain, offered where
 * user pools are) and "AWS End User Messaging endpoints and quotas" (sms-voice.<region>), as read for this release
 * (December 2026), commercial partition. A region AWS adds later is added here by hand, with the page it was read on.
 * The China regions (cn-north-1, cn-northwest-1) are in none of the lists: no Cognito user pools, no SES, no SMS
 * there (README "Regions").
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
