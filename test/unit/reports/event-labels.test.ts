import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventLabel, REPORT_EVENT_LABELS } from '../../../shared/reports/index.ts';

/** The contexts whose code writes lines onto a report's timeline. Pages are left out: their `type:` is an input's. */
const WRITERS = ['shared/reports', 'shared/followups'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('-pages.ts') ? [p] : [];
  });
}

/** Every event type the code writes, as written: `type: 'x'`, `type: a === 'b' ? 'x' : 'y'`, `event('x', …)`. */
function writtenTypes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\btype:\s*'([a-zA-Z]+)'/g,
    /\btype:\s*[\w.]+\s*===\s*'\w+'\s*\?\s*'([a-zA-Z]+)'\s*:\s*'([a-zA-Z]+)'/g,
    /\b(?:event|ev|actor)\(\s*(?:deps,\s*caller,\s*\w+,\s*)?'([a-zA-Z]+)'/g,
  ];
  /** `const type = a ? 'x' : b ? 'y' : 'z';`: the branches, not what is compared. */
  const chain = /\b(?:const|let)\s+type\s*=([^;]+);/g;
  for (const file of WRITERS.flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns)
      for (const m of text.matchAll(re)) for (const t of m.slice(1)) if (t && !found.has(t)) found.set(t, file);
    for (const block of text.matchAll(chain))
      for (const m of block[1]!.matchAll(/[?:]\s*'([a-zA-Z]+)'/g)) if (!found.has(m[1]!)) found.set(m[1]!, file);
  }
  return found;
}

describe('report timeline labels', () => {
  it('finds the event types the code writes (the scan itself works)', () => {
    const types = writtenTypes();
    for (const t of [
      'submitted',
      'acknowledged',
      'smsSent',
      'smsRejected',
      'signOffOverdue',
      'followup',
      'chased',
      'watcherNotified',
      'mailSkipped',
      'notified',
    ])
      expect(types.has(t), t).toBe(true);
  });

  it('every event type written onto a timeline has a Chinese label', () => {
    const missing = [...writtenTypes()].filter(([t]) => !Object.hasOwn(REPORT_EVENT_LABELS, t));
    expect(missing).toEqual([]);
  });

  it('labels are Chinese, without a Latin word', () => {
    for (const [type, label] of Object.entries(REPORT_EVENT_LABELS)) {
      expect(label, type).not.toMatch(/[a-zA-Z]/);
      expect(label, type).toMatch(/\p{Script=Han}/u);
      expect(eventLabel(type)).toBe(label);
    }
  });

  it('a type without a label shows 记录, never its code', () => {
    expect(eventLabel('somethingNew')).toBe('记录');
    expect(eventLabel('toString')).toBe('记录');
  });
});
