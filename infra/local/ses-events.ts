import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { resourcesOfType, targetOf, type Template } from './template.ts';

/**
 * SES bounces and complaints on one machine. The SES emulator delivers every mail and publishes no events, so the
 * local runtime offers `POST /__local/ses-events` (tests, a demo): it builds the event EventBridge would deliver for
 * the configuration set and puts it on the queue the template's SES rule targets, as AWS would.
 */
export const sesEventRequestSchema = z.object({
  type: z.enum(['Bounce', 'Complaint']),
  to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]),
  /** Bounces: Permanent (the default), Transient or Undetermined. */
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']).default('Permanent'),
  bounceSubType: z.string().optional(),
  diagnosticCode: z.string().optional(),
  /** SES's feedback id: the same one twice plays a duplicate event. */
  feedbackId: z.string().optional(),
  at: z.string().datetime().optional(),
});
export type SesEventRequest = z.input<typeof sesEventRequestSchema>;

/** The queue of the template's rule for `aws.ses` events, if the template has one. */
export function sesEventQueueOf(t: Template): string | undefined {
  for (const [, r] of resourcesOfType(t, 'AWS::Events::Rule')) {
    const source = r.Properties?.EventPattern?.source as string[] | undefined;
    const target = r.Properties?.Targets?.[0]?.Arn;
    if (source?.includes('aws.ses') && target) return targetOf(target);
  }
  return undefined;
}

/** The EventBridge event SES publishes for a bounce or complaint of a mail sent under `configurationSet`. */
export function sesEvent(input: SesEventRequest, configurationSet: string) {
  const r = sesEventRequestSchema.parse(input);
  const at = r.at ?? new Date().toISOString();
  const to = [r.to].flat().map((a) => a.trim());
  const feedbackId = r.feedbackId ?? randomUUID();
  const mail = {
    timestamp: at,
    source: 'baosong@demo.local',
    messageId: randomUUID(),
    destination: to,
    tags: { 'ses:configuration-set': [configurationSet] },
  };
  const detail =
    r.type === 'Bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            feedbackId,
            bounceType: r.bounceType,
            bounceSubType: r.bounceSubType ?? (r.bounceType === 'Permanent' ? 'General' : 'MailboxFull'),
            bouncedRecipients: to.map((emailAddress) => ({
              emailAddress,
              action: 'failed',
              status: r.bounceType === 'Permanent' ? '5.1.1' : '4.2.2',
              ...(r.diagnosticCode ? { diagnosticCode: r.diagnosticCode } : {}),
            })),
            timestamp: at,
            reportingMTA: 'dsn; local',
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: {
            feedbackId,
            complainedRecipients: to.map((emailAddress) => ({ emailAddress })),
            timestamp: at,
            complaintFeedbackType: 'abuse',
          },
          mail,
        };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': r.type === 'Bounce' ? 'Email Bounced' : 'Email Complaint Received',
    source: 'aws.ses',
    account: '000000000000',
    time: at,
    region: process.env.AWS_REGION ?? 'us-east-1',
    resources: [],
    detail,
  };
}
