import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export type Mail = { to: string; subject: string; html: string; text: string };
export interface Mailer {
  send(mail: Mail): Promise<{ messageId?: string }>;
}

/** No CR or LF can reach a header: a subject is one line, whatever a report title contains. */
export function headerSafe(value: string, max = 200): string {
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim().slice(0, max);
}

/** Sends through SES v2; locally AWS_ENDPOINT_URL_SESV2 points it at the SES emulator. */
export class SesMailer implements Mailer {
  private readonly client = new SESv2Client({ maxAttempts: 3 });
  constructor(private readonly from: string) {}

  async send(mail: Mail): Promise<{ messageId?: string }> {
    const r = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
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
