import { describe, expect, it } from 'vitest';
import { escalationText, MAX_TEXT_LENGTH, zeroChaseText } from '../../../shared/reports/rules/texts.ts';

/** An app address of 40 characters and the longest links the texts carry. */
const APP = 'https://abcdefghij.execute-api.cn-north-1';
const ACK = `${APP}/a/AbCdEfGhIjKlMnOp`;
const REPORT = `${APP}/reports/01JABCDEFGHJKMNPQRSTVWXYZ0`;
const LONG = { severity: 'II', title: '某某区某某街道某某小区居民楼发生重大火灾事故造成多人受伤送医救治' };

describe('texts are short Chinese with one link', () => {
  it('a chain step names the severity, the title and the deadline, and ends with the acknowledgement link', () => {
    const t = escalationText({ kind: 'notify', unanswered: [] }, { severity: 'I', title: '演播室起火' }, ACK, '21:35');
    expect(t).toBe(`【报送】I级紧急信息「演播室起火」，请于21:35前确认接报：${ACK}`);
  });

  it('the office told that nobody acknowledges (无人接报) is asked to phone, with the report’s page', () => {
    const t = escalationText(
      { kind: 'unanswered', unanswered: ['部门负责人', '分管领导', '主要领导'] },
      { severity: 'I', title: '演播室起火' },
      REPORT,
    );
    expect(t).toContain('无人接报');
    expect(t).toContain('部门负责人、分管领导、主要领导均未确认');
    expect(t.endsWith(REPORT)).toBe(true);
  });

  for (const kind of ['notify', 'parallel', 'escalation', 'reminder', 'unanswered'] as const) {
    it(`${kind}: at most two segments however long the title and the names`, () => {
      const names = ['部门负责人张某某', '分管副台长李某某', '主要领导王某某', '值班领导赵某某'];
      const t = escalationText(
        { kind, unanswered: names },
        LONG,
        kind === 'unanswered' ? REPORT : ACK,
        '12月3日 08:00',
      );
      expect(t.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      expect(t).toContain('…');
      expect(t.startsWith('【报送】')).toBe(true);
    });
  }

  it('the zero-report chase names the period, the day and the unit', () => {
    const link = `${APP}/zero-reports/01JABCDEFGHJKMNPQRSTVWXYZ0?date=2026-12-02`;
    const t = zeroChaseText({ title: '防汛特殊时期' }, '2026-12-02', '新闻部', link);
    expect(t).toBe(`【报送】催报：防汛特殊时期12月2日零报告，新闻部未报：${link}`);
    expect(zeroChaseText({ title: LONG.title }, '2026-12-02', LONG.title, link).length).toBeLessThanOrEqual(
      MAX_TEXT_LENGTH,
    );
  });
});
