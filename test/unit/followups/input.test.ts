import { describe, expect, it } from 'vitest';
import { delegateSchema, instructionSchema } from '../../../shared/followups/rules/input.ts';

describe('whom a 批示 or a 转办 goes to is checked by shape before anyone is looked up', () => {
  const oversized = `${'😀'.repeat(600)}x`;
  it.each([
    ['批示', instructionSchema, { text: '请核实', dueAt: '2026-12-02T18:00:00+08:00' }],
    ['转办', delegateSchema, {}],
  ] as const)(
    '%s: an id over 100 characters or with other characters is refused, naming the field',
    (_, schema, rest) => {
      for (const bad of [oversized, '../etc', 'a\u0000b', ' ']) {
        const r = schema.safeParse({ ...rest, assigneeIds: ['p-1', bad] });
        expect(r.success).toBe(false);
        expect(r.error?.issues[0]).toMatchObject({ path: ['assigneeIds', 1], message: '承办人编号格式不正确' });
      }
      expect(schema.safeParse({ ...rest, assigneeIds: ['01JXYZ', 'p_2-b'] }).success).toBe(true);
    },
  );
});
