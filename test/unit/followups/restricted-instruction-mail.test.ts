import { describe, expect, it } from 'vitest';
import { instructionMail } from '../../../shared/followups/instruction-flow.ts';
import { instructionChaseMail } from '../../../shared/followups/chase.ts';
import type { Instruction } from '../../../shared/reports/index.ts';

const TZ = 'Asia/Shanghai';
const ins = {
  instructionId: 'i1',
  reportId: 'r1',
  orgId: 'o1',
  reportTitle: '某某水库大坝渗漏',
  text: '立即组织下游群众转移，核实渗漏点位置。',
  assignees: [{ personId: 'p1', name: '张三', email: 'p1@x.org' }],
  dueAt: '2026-03-03T02:00:00Z',
  givenById: 'g1',
  givenByName: '李四',
  givenAt: '2026-03-02T02:00:00Z',
  status: 'open',
  progress: [],
  reminded: [],
  version: 1,
} as unknown as Instruction;
const report = (confidentiality: 'internal' | 'restricted') => ({
  confidentiality,
  categoryLabel: '自然灾害',
  severity: 'II' as const,
  occurredAt: '2026-03-02T01:30:00Z',
});
const to = { name: '张三', email: 'p1@x.org' };
const SECRET = ['某某水库', '渗漏', '下游群众'];

describe('instruction mails of a restricted (密级) report: category, severity, time and the link only', () => {
  const kinds = [
    { key: 'assigned', kind: 'assigned' },
    { key: 'before', kind: 'before' },
    { key: 'overdue#1', kind: 'overdue' },
  ] as const;
  for (const k of kinds)
    it(`the ${k.kind} mail`, () => {
      const reminder = { ...k, at: '2026-03-02T02:00:00Z', toGiver: false } as never;
      const m = instructionMail(ins, reminder, to, TZ, 'https://app', undefined, false, report('restricted'));
      for (const part of [m.subject, m.text, m.html]) for (const s of SECRET) expect(part).not.toContain(s);
      expect(m.subject).toContain('II级 自然灾害（密级）');
      expect(m.text).toContain('类别：自然灾害');
      expect(m.text).toContain('发生时间：2026-03-02 09:30');
      expect(m.text).toContain('https://app/reports/r1');
      // The same mail of an internal report says what the instruction is about.
      const open = instructionMail(ins, reminder, to, TZ, 'https://app', undefined, false, report('internal'));
      expect(open.text).toContain('某某水库大坝渗漏');
      expect(open.text).toContain('立即组织下游群众转移');
    });

  it('the chase mail (催办·批示落实)', () => {
    const m = instructionChaseMail(ins, to, '王五', undefined, TZ, 'https://app', report('restricted') as never);
    for (const part of [m.subject, m.text, m.html]) for (const s of SECRET) expect(part).not.toContain(s);
    expect(m.subject).toBe('【催办·批示落实】II级 自然灾害（密级）');
    expect(m.text).toContain('https://app/reports/r1');
    const open = instructionChaseMail(ins, to, '王五', undefined, TZ, 'https://app', report('internal') as never);
    expect(open.subject).toContain('某某水库大坝渗漏');
  });
});
