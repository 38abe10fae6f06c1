import { describe, expect, it } from 'vitest';
import type { MailIntent } from '../../../shared/reports/rules/escalation.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';
import { renderEscalationMail } from '../../../shared/reports/escalation-mail.ts';
import { headerSafe } from '../../../shared/platform/mail/mailer.ts';

const LINK = 'https://baosong.example.org/ack/tok_abc123';
const RECIPIENT = { name: '李局长', email: 'li@example.org' };

function report(overrides: Partial<Report> = {}): Report {
  return {
    reportId: 'r1',
    orgId: 'org1',
    departmentId: 'd1',
    reporterId: 'p-reporter',
    reporterName: '王五',
    category: 'safety',
    categoryLabel: '安全事故',
    severity: 'II',
    title: '配电室起火',
    occurredAt: '2026-11-28T12:30:00.000Z',
    learnedAt: '2026-11-28T12:40:00.000Z',
    place: '办公楼三层',
    summary: '配电室冒烟起火。\n已断电。',
    measuresTaken: '已疏散人员并报警。',
    contact: { name: '张三', post: '保卫科长', phone: '13800000000' },
    confidentiality: 'internal',
    status: 'escalating',
    submittedAt: '2026-11-28T12:50:00.000Z',
    deadline: '2026-11-28T13:40:00.000Z',
    late: false,
    lateByMinutes: 0,
    workingTime: false,
    chain: [
      { level: 1, role: 'dutyLeader', personId: 'p-duty', name: '赵值班', state: 'timedOut' },
      { level: 2, role: 'principalLeader', personId: 'p-li', name: '李局长', state: 'notified' },
    ],
    ackTimeoutMinutes: 15,
    timezone: 'Asia/Shanghai',
    version: 1,
    ...overrides,
  };
}

const intent = (kind: MailIntent['kind'], unanswered: string[] = []): MailIntent => ({
  key: `${kind}#2#p-li`,
  kind,
  level: 2,
  personId: 'p-li',
  unanswered,
});

describe('renderEscalationMail: hostile report text', () => {
  const hostile = report({
    title: '起火<script>alert(1)</script>\r\nBcc: x@y',
    summary: '<img src=x onerror=alert(1)>',
  });
  const mail = renderEscalationMail(hostile, intent('notify'), RECIPIENT, LINK);

  it('escapes markup in the HTML body', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the subject on one line, so no header can be injected', () => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Bcc: x@y');
    expect(mail.subject.startsWith('【紧急信息】II级 起火')).toBe(true);
  });

  it('sends to the recipient only', () => {
    expect(mail.to).toBe('li@example.org');
  });
});

describe('renderEscalationMail: content', () => {
  it('the text part carries the acknowledgement link and the facts in local time', () => {
    const mail = renderEscalationMail(report(), intent('notify'), RECIPIENT, LINK);
    expect(mail.text).toContain(LINK);
    expect(mail.text).toContain('李局长：');
    expect(mail.text).toContain('发生时间：2026-11-28 20:30');
    expect(mail.text).toContain('现场联系人：张三（保卫科长） 13800000000');
  });

  it('the HTML part links the button to the acknowledgement page', () => {
    const mail = renderEscalationMail(report(), intent('notify'), RECIPIENT, LINK);
    expect(mail.html).toContain(`<a href="${LINK}"`);
    expect(mail.html).toContain('配电室冒烟起火。<br>已断电。');
  });

  it('without a link there is no button and no link line', () => {
    const mail = renderEscalationMail(
      report(),
      intent('unanswered', ['赵值班', '李局长']),
      { name: '办公室', email: 'office@example.org' },
      undefined,
    );
    expect(mail.html).not.toContain('<a href=');
    expect(mail.text).not.toContain('确认接报（打开后点击按钮');
  });

  it('a late report says by how much', () => {
    const mail = renderEscalationMail(report({ late: true, lateByMinutes: 25 }), intent('notify'), RECIPIENT, LINK);
    expect(mail.text).toContain('（迟报 25 分钟）');
  });

  it('casualties are listed when given', () => {
    const mail = renderEscalationMail(
      report({ casualties: { dead: 0, injured: 2, missing: 1 } }),
      intent('notify'),
      RECIPIENT,
      LINK,
    );
    expect(mail.text).toContain('伤亡情况：死亡 0 人，受伤 2 人，失踪 1 人');
  });
});

describe('renderEscalationMail: one opening per situation', () => {
  const kinds: MailIntent['kind'][] = ['notify', 'parallel', 'escalation', 'reminder', 'unanswered'];
  const openingOf = (kind: MailIntent['kind']) => {
    const lines = renderEscalationMail(report(), intent(kind, ['赵值班']), RECIPIENT, LINK).text.split('\n');
    return lines[lines.indexOf(`${RECIPIENT.name}：`) + 2]!;
  };

  it('each kind opens differently', () => {
    const openings = kinds.map(openingOf);
    expect(openings.every((o) => o.length > 0)).toBe(true);
    expect(new Set(openings).size).toBe(kinds.length);
  });

  it.each([
    ['escalation', '赵值班 未在时限内确认接报'],
    ['parallel', 'II级（重大）'],
    ['unanswered', '（赵值班）'],
  ] as const)('%s names %s', (kind, expected) => {
    expect(openingOf(kind)).toContain(expected);
  });

  it('an escalation naming two people lists both', () => {
    const mail = renderEscalationMail(report(), intent('escalation', ['赵值班', '钱科长']), RECIPIENT, LINK);
    expect(mail.text).toContain('赵值班、钱科长 未在时限内确认接报');
  });

  it.each([
    ['notify', '【紧急信息】'],
    ['escalation', '【紧急信息·逐级上报】'],
    ['reminder', '【催办·紧急信息】'],
    ['unanswered', '【无人接报·紧急信息】'],
  ] as const)('%s subject starts with %s', (kind, prefix) => {
    expect(renderEscalationMail(report(), intent(kind), RECIPIENT, LINK).subject.startsWith(prefix)).toBe(true);
  });
});

describe('renderEscalationMail: a leader acts on it from a phone (issue 17)', () => {
  const REPORT_LINK = 'https://baosong.example.org/reports/r1';
  const full = report({
    losses: '配电设备烧毁，直接损失约 5 万元',
    impact: '三层停电，直播信号中断 10 分钟',
    leadersOnSite: '分管副局长到场指挥',
    requests: '请电力公司派员抢修',
    chain: [
      { level: 1, role: 'dutyLeader', personId: 'p-duty', name: '赵值班', phone: '13911112222', state: 'timedOut' },
      {
        level: 2,
        role: 'principalLeader',
        personId: 'p-li',
        name: '李局长',
        state: 'notified',
        notifiedAt: '2026-11-28T13:20:00.000Z',
        ackDeadline: '2026-11-28T13:35:00.000Z',
      },
    ],
  });

  it('the button comes first, then the deadline in the zone of the organisation', () => {
    const mail = renderEscalationMail(full, intent('escalation', ['赵值班']), RECIPIENT, LINK, REPORT_LINK);
    // The silent levels listed to call are the others, not the recipient.
    expect(mail.text).toContain('赵值班 13911112222：超时未确认');
    expect(mail.text).not.toContain('李局长（无电话）');
    const lines = mail.text.split('\n');
    expect(lines[0]).toContain(LINK);
    expect(lines[1]).toBe('请于 21:35 前确认，逾时将报送上一级。');
    expect(mail.html.indexOf(`<a href="${LINK}"`)).toBeLessThan(mail.html.indexOf(RECIPIENT.name));
    expect(mail.html).toContain('请于 21:35 前确认');
  });

  it('a deadline on another local day names the day', () => {
    const late = report({
      chain: [
        {
          level: 1,
          role: 'dutyLeader',
          personId: 'p-li',
          name: '李局长',
          state: 'notified',
          notifiedAt: '2026-11-28T15:50:00.000Z',
          ackDeadline: '2026-11-28T16:05:00.000Z',
        },
      ],
    });
    const mail = renderEscalationMail(late, { ...intent('notify'), level: 1 }, RECIPIENT, LINK);
    expect(mail.text).toContain('请于 11月29日 00:05 前确认');
  });

  it('carries losses, impact, leaders on site and requests, and the link to the report page', () => {
    const mail = renderEscalationMail(full, intent('notify'), RECIPIENT, LINK, REPORT_LINK);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('配电设备烧毁，直接损失约 5 万元');
      expect(part).toContain('三层停电，直播信号中断 10 分钟');
      expect(part).toContain('分管副局长到场指挥');
      expect(part).toContain('请电力公司派员抢修');
      expect(part).toContain(REPORT_LINK);
    }
    expect(mail.text).toContain(`打开报告页面（需登录）：${REPORT_LINK}`);
  });

  it('is one narrow column: no table, a width for phones', () => {
    const mail = renderEscalationMail(full, intent('notify'), RECIPIENT, LINK, REPORT_LINK);
    expect(mail.html).not.toContain('<table');
    expect(mail.html).toContain('max-width:480px');
    expect(mail.html).toContain('name="viewport"');
  });

  it('无人接报 names the silent levels with their phone numbers and links the report', () => {
    const mail = renderEscalationMail(
      full,
      { ...intent('unanswered', ['赵值班', '李局长']), personId: 'p-office' },
      { name: '办公室', email: 'office@example.org' },
      undefined,
      REPORT_LINK,
    );
    expect(mail.text).toContain('赵值班 13911112222：超时未确认');
    expect(mail.text).toContain('李局长（无电话）：已通知，未确认');
    expect(mail.text).toContain(REPORT_LINK);
  });

  it('a restricted (密级) report says category, severity, time and the link only', () => {
    const secret = { ...full, confidentiality: 'restricted' as const };
    const mail = renderEscalationMail(secret, intent('notify'), RECIPIENT, LINK, REPORT_LINK);
    expect(mail.subject).toBe('【紧急信息】II级 安全事故（密级）');
    for (const part of [mail.text, mail.html, mail.subject]) {
      for (const secretText of ['配电室起火', '办公楼三层', '配电室冒烟起火', '已疏散人员', '配电设备烧毁', '张三'])
        expect(part).not.toContain(secretText);
    }
    expect(mail.text).toContain('类别：安全事故');
    expect(mail.text).toContain('等级：');
    expect(mail.text).toContain('发生时间：2026-11-28 20:30');
    expect(mail.text).toContain(REPORT_LINK);
    expect(mail.text).toContain(LINK);
  });

  it("a restricted report's follow-up mail leaves the follow-up's text out", () => {
    const secret = { ...full, confidentiality: 'restricted' as const };
    const notice = {
      key: 'followup#1',
      sequence: 1,
      label: '续报一',
      kind: 'followup' as const,
      summary: '伤员已送医',
      filedByName: '王五',
      filedAt: '2026-11-28T14:00:00.000Z',
    };
    const mail = renderEscalationMail(secret, { ...intent('followup'), notice }, RECIPIENT, undefined, REPORT_LINK);
    expect(mail.subject).toBe('【续报一】II级 安全事故（密级）');
    expect(mail.text).not.toContain('伤员已送医');
    expect(mail.html).not.toContain('伤员已送医');
  });
});

describe('headerSafe', () => {
  it.each([
    ['CRLF', 'a\r\nBcc: x@y', 'a Bcc: x@y'],
    ['bare LF', 'a\nb', 'a b'],
    ['bare CR', 'a\rb', 'a b'],
    ['tab', 'a\tb', 'a b'],
    ['Unicode line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
    ['a run of breaks collapses to one space', 'a\r\n\r\n\tb', 'a b'],
    ['leading and trailing breaks are trimmed', '\r\nsubject\r\n', 'subject'],
  ])('%s', (_name, input, expected) => {
    expect(headerSafe(input)).toBe(expected);
  });

  it('cuts to the maximum length', () => {
    expect(headerSafe('x'.repeat(300))).toHaveLength(200);
    expect(headerSafe('abcdef', 3)).toBe('abc');
  });
});
