import { describe, expect, it } from 'vitest';
import {
  parseCircularId,
  publishCircularSchema,
  type Circular,
} from '../../../shared/accountability/rules/circular.ts';
import { renderCircularMail } from '../../../shared/accountability/finding-mail.ts';
import { circularDocument, circularNo } from '../../../shared/accountability/circular-doc.ts';

const base: Circular = {
  circularId: '2026-3',
  orgId: 'city',
  orgName: '示范市委办公室',
  timezone: 'Asia/Shanghai',
  year: 2026,
  number: 3,
  kind: 'criticism',
  title: '关于漏报情况的通报',
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-28T00:00:00.000Z',
  publishedAt: '2026-11-28T02:00:00.000Z',
  publishedBy: 'p',
  publishedByName: '办公室主任',
  findings: [
    {
      findingId: 'f1',
      kind: 'missed',
      kindLabel: '漏报',
      label: '',
      responsibleOrgName: '示范县融媒体中心',
      responsibleDepartmentName: '新闻部',
      responsiblePersonName: '李信息',
      occurredAt: '2026-11-20T02:00:00.000Z',
      note: '<img src=x onerror=alert(1)>未报送',
      decisionReason: '属实',
    },
  ],
  praised: [],
  distribution: { leaders: ['主要领导'], departments: ['办公室', '新闻部'], orgs: ['示范县融媒体中心'] },
};

describe('circular document', () => {
  it('is numbered 〔year〕第N号, names unit and person, escapes what the office wrote, and lists the distribution', () => {
    const doc = circularDocument(base).value;
    expect(circularNo(base)).toBe('〔2026〕第3号');
    expect(doc).toContain('通报〔2026〕第3号');
    expect(doc).toContain('示范县融媒体中心 新闻部 李信息');
    expect(doc).not.toContain('<img');
    expect(doc).toContain('&lt;img');
    expect(doc).toContain('送：办公室、新闻部、示范县融媒体中心');
    expect(doc).toContain('2026年11月28日');
  });
  it('praise names the departments and why', () => {
    const doc = circularDocument({
      ...base,
      kind: 'praise',
      findings: [],
      praised: [{ name: '技术部', reports: 2, medianMinutes: 10, reason: '报送 2 份，无迟报' }],
    }).value;
    expect(doc).toContain('通报表扬');
    expect(doc).toContain('<strong>技术部</strong>：报送 2 份，无迟报');
  });
  it('is mailed with a one-line subject and the whole text', () => {
    const m = renderCircularMail(
      { ...base, title: '标题\r\nBcc: x@y' },
      { name: '主要领导', email: 'c@x' },
      'http://app/circulars/2026-3',
    );
    expect(m.subject).toBe('【通报】示范市委办公室通报〔2026〕第3号 标题 Bcc: x@y');
    expect(m.text).toContain('1. 漏报：示范县融媒体中心 新闻部 李信息');
    expect(m.text).toContain('http://app/circulars/2026-3');
  });
  it('ids and bodies', () => {
    expect(parseCircularId('2026-12')).toEqual({ year: 2026, number: 12 });
    expect(parseCircularId('2026-0001')).toEqual({ year: 2026, number: 1 });
    expect(parseCircularId('x')).toBeUndefined();
    expect(publishCircularSchema.safeParse({ from: '2026-11-01', to: '2026-11-30', kind: 'praise' }).success).toBe(
      true,
    );
    expect(publishCircularSchema.safeParse({ from: 'yesterday', to: '2026-11-30', kind: 'praise' }).success).toBe(
      false,
    );
    expect(
      publishCircularSchema.safeParse({ from: '2026-11-01', to: '2026-11-30', kind: 'criticism', findingIds: [] })
        .success,
    ).toBe(false);
  });
});
