import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { headerSafe, MailRejected, type Mail, type Mailer } from './mailer.ts';
import { buildMime } from './mime.ts';

/** SES v2 errors that concern the one message or recipient (BadRequest: e.g. an address SES cannot parse). */
const PERMANENT = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Sends through SES v2; locally AWS_ENDPOINT_URL_SESV2 points it at the SES emulator. Permanent refusals become
 * `MailRejected`. With `configurationSet` every mail is sent under it, so its bounces and complaints come back as
 * events (functions/events/mail-events.ts).
 */
export class SesMailer implements Mailer {
  private readonly client = new SESv2Client({ maxAttempts: 3 });
  constructor(
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  private get under(): { ConfigurationSetName?: string } {
    return this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {};
  }

  async send(mail: Mail): Promise<{ messageId?: string }> {
    try {
      return await this.sendNow(mail);
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      const message = (err as Error).message ?? '';
      // A refusal that names our own sender (an unverified From identity) is the deployment's fault, not the address's:
      // every mail would be refused alike, so it is thrown as it is and retried once the identity is fixed.
      if (PERMANENT.has(name) && !message.toLowerCase().includes(this.from.toLowerCase()))
        throw new MailRejected(mail.to, `${name}: ${message}`);
      throw err;
    }
  }

  private async sendNow(mail: Mail): Promise<{ messageId?: string }> {
    if (mail.attachments?.length) {
      // With attachments SES v2 needs a raw MIME message (Content.Raw); the SES emulator parses it the same way.
      const data = buildMime({
        from: this.from,
        to: headerSafe(mail.to),
        subject: headerSafe(mail.subject),
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
      });
      const raw = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [mail.to] },
          ...this.under,
          Content: { Raw: { Data: Buffer.from(data) } },
        }),
      );
      return { messageId: raw.MessageId };
    }
    const r = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        ...this.under,
        Content: {
          Simple: {
            Subject: { Data: headerSafe(mail.subject), Charset: 'UTF-8' },
            Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return { messageId: r.MessageId };
  }
}
