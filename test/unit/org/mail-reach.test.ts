import { describe, expect, it } from 'vitest';
import {
  afterEmailEdit,
  mailReachable,
  sesMailEvent,
  undeliverableMark,
  type MailEvent,
} from '../../../shared/org/rules/mail-reach.ts';
import { sesEvent } from '../../../infra/local/ses-events.ts';
import { mailEach } from '../../../shared/platform/mail/best-effort.ts';

const AT = '2026-12-02T08:00:00.000Z';
const bounce = (over: Partial<MailEvent> = {}): MailEvent => ({
  eventId: 'fb-1',
  kind: 'bounce',
  bounceType: 'Permanent',
  bounceSubType: 'General',
  addresses: ['a@x.cn'],
  at: AT,
  ...over,
});

describe('undeliverableMark: which events stop mail to an address', () => {
  it('a permanent bounce marks, with the reason in Chinese and the diagnostic', () => {
    expect(undeliverableMark(bounce({ diagnostic: 'smtp; 550 5.1.1 unknown' }))).toEqual({
      kind: 'bounce',
      reason: '邮件被退回（永久退信）：smtp; 550 5.1.1 unknown',
      at: AT,
    });
    expect(undeliverableMark(bounce({ bounceSubType: 'NoEmail' }))?.reason).toBe('邮件被退回（永久退信，NoEmail）');
  });

  it.each(['Transient', 'Undetermined'])('a %s bounce marks nobody', (bounceType) => {
    expect(undeliverableMark(bounce({ bounceType }))).toBeUndefined();
  });

  it('a complaint marks', () => {
    expect(undeliverableMark({ ...bounce(), kind: 'complaint', bounceType: undefined, diagnostic: 'abuse' })).toEqual({
      kind: 'complaint',
      reason: '收件人将邮件标为垃圾邮件（abuse）',
      at: AT,
    });
  });
});

describe('sesMailEvent: the EventBridge event as SES publishes it', () => {
  it('reads a bounce: the feedback id as the event id, the addresses lower-cased and once each', () => {
    const e = sesEvent(
      { type: 'Bounce', to: ['A@X.cn', 'a@x.cn', 'b@x.cn'], feedbackId: 'fb-9', at: AT, diagnosticCode: '550' },
      'set',
    );
    expect(sesMailEvent(e)).toEqual({
      eventId: 'fb-9',
      kind: 'bounce',
      bounceType: 'Permanent',
      bounceSubType: 'General',
      addresses: ['a@x.cn', 'b@x.cn'],
      at: AT,
      diagnostic: '550',
    });
  });

  it('reads a complaint; without a feedback id the EventBridge id stands in', () => {
    const e = sesEvent({ type: 'Complaint', to: 'c@x.cn', at: AT }, 'set');
    delete (e.detail as { complaint: { feedbackId?: string } }).complaint.feedbackId;
    expect(sesMailEvent(e)).toMatchObject({ eventId: e.id, kind: 'complaint', addresses: ['c@x.cn'] });
  });

  it('refuses what is not an SES bounce or complaint (a delivery, an empty recipient list)', () => {
    expect(() => sesMailEvent({ id: '1', detail: { eventType: 'Delivery' } })).toThrow();
    const e = sesEvent({ type: 'Bounce', to: 'a@x.cn' }, 'set');
    (e.detail as { bounce: { bouncedRecipients: unknown[] } }).bounce.bouncedRecipients = [];
    expect(() => sesMailEvent(e)).toThrow();
  });
});

describe('the mark on a person', () => {
  const mark = { kind: 'bounce' as const, reason: 'r', at: AT };
  it('a marked person is unreachable by mail; others are', () => {
    expect(mailReachable({ mailUndeliverable: mark })).toBe(false);
    expect(mailReachable({})).toBe(true);
  });

  it('a new address clears it; the same address in another case keeps it', () => {
    const p = { email: 'a@x.cn', mailUndeliverable: mark };
    expect(afterEmailEdit(p, { ...p, email: 'b@x.cn' })).toEqual({ email: 'b@x.cn' });
    expect(afterEmailEdit(p, { ...p, email: 'A@X.cn' })).toEqual({ email: 'A@X.cn', mailUndeliverable: mark });
  });

  it('best-effort mails (mailEach) skip a marked person and mail the others', async () => {
    const to: string[] = [];
    const mailer = {
      send: async (m: { to: string }) => {
        to.push(m.to);
        return {};
      },
    };
    const log = { info() {}, warn() {}, error() {} };
    const people = [
      { personId: '1', name: '甲', email: 'a@x.cn', mailUndeliverable: mark },
      { personId: '2', name: '乙', email: 'b@x.cn' },
    ];
    const r = await mailEach({ mailer, log }, people, (p) => ({ to: p.email, subject: 's', html: '', text: '' }), {
      message: 'failed',
      context: {},
    });
    expect(to).toEqual(['b@x.cn']);
    expect(r.sent.map((p) => p.personId)).toEqual(['2']);
  });
});
