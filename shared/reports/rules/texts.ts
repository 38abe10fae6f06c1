import type { MailIntent } from './escalation.ts';

/**
 * The texts (短信) of issue 15: short Chinese, one link each. A text of Chinese characters goes in UCS-2, 70 a
 * segment alone, 67 each when split: `MAX_TEXT_LENGTH` keeps every text within two segments with an app address of
 * up to 40 characters (what `test/unit/reports/texts.test.ts` checks), so it costs at most two messages.
 */
export const MAX_TEXT_LENGTH = 134;
const SIGN = '【报送】';

/** The intents whose step also goes out as a text for a severity in the organisation's `smsSeverities`. */
export const TEXTED_KINDS: ReadonlySet<MailIntent['kind']> = new Set([
  'notify',
  'parallel',
  'escalation',
  'reminder',
  'unanswered',
]);

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * One chain step's text. `link` is the recipient's own acknowledgement link (a short path, `/a/{code}`), or for the
 * office told that nobody answers (无人接报) the report's page; `by` the acknowledgement deadline ("21:35").
 */
export function escalationText(
  intent: Pick<MailIntent, 'kind' | 'unanswered'>,
  report: { severity: string; title: string },
  link: string,
  by?: string,
): string {
  const what = `${report.severity}级紧急信息「${clip(report.title, intent.kind === 'unanswered' ? 10 : intent.kind === 'escalation' ? 14 : 20)}」`;
  const deadline = by ? `请于${by}前确认接报` : '请立即确认接报';
  switch (intent.kind) {
    case 'unanswered':
      return `${SIGN}无人接报：${what}，${clip(intent.unanswered.join('、'), 16)}均未确认，请立即电话联系。${link}`;
    case 'reminder':
      return `${SIGN}催办：${what}仍待您确认接报，请立即确认：${link}`;
    case 'escalation':
      return `${SIGN}逐级上报：${what}，${clip(intent.unanswered.join('、'), 12)}未确认，现报您，${deadline}：${link}`;
    case 'parallel':
      return `${SIGN}${what}同时报送主要领导，${deadline}：${link}`;
    default:
      return `${SIGN}${what}，${deadline}：${link}`;
  }
}

/**
 * The zero-report chase (催报) at a day's cut-off, to the people of a unit still missing: terse, for its link to the
 * day's page is long (`/zero-reports/{periodId}?date=…`).
 */
export function zeroChaseText(period: { title: string }, date: string, unitName: string, link: string): string {
  const [, m, d] = date.split('-');
  return `${SIGN}催报：${clip(period.title, 10)}${Number(m)}月${Number(d)}日零报告，${clip(unitName, 8)}未报：${link}`;
}
