import { describe, expect, it } from 'vitest';
import { isWorkingTime, workCalendarOf } from '../../../shared/org/rules/calendar.ts';
import { computeChain } from '../../../shared/reports/rules/chain.ts';
import type { Person } from '../../../shared/org/rules/model.ts';
import { DEFAULT_ORG_CONFIG } from '../../../shared/org/rules/config.ts';

const person = (id: string): Person => ({
  personId: id,
  orgId: 'o',
  name: id,
  email: `${id}@x.test`,
  roles: [],
  available: true,
});
const people = new Map(['head', 'leader', 'chief', 'duty', 'reporter'].map((id) => [id, person(id)]));
const org = { timezone: 'Asia/Shanghai', principalLeaderId: 'chief', config: DEFAULT_ORG_CONFIG };

/** The calendar decides the chain: the same report at different moments goes to different people. */
describe('chain at a real moment (Asia/Shanghai, default hours, 2026 holidays)', () => {
  it.each([
    [
      'Saturday 22:30, severity II',
      '2026-11-28T22:30:00+08:00',
      'II',
      [
        ['dutyLeader', 'duty', false],
        ['principalLeader', 'chief', true],
      ],
    ],
    [
      'Monday 10:00, severity III',
      '2026-11-30T10:00:00+08:00',
      'III',
      [
        ['departmentHead', 'head', false],
        ['supervisingLeader', 'leader', false],
        ['principalLeader', 'chief', false],
      ],
    ],
    [
      'National Day 10:00, severity III',
      '2026-10-01T10:00:00+08:00',
      'III',
      [
        ['dutyLeader', 'duty', false],
        ['principalLeader', 'chief', false],
      ],
    ],
    [
      'make-up Saturday 10:00, severity I',
      '2026-10-10T10:00:00+08:00',
      'I',
      [
        ['departmentHead', 'head', false],
        ['supervisingLeader', 'leader', false],
        ['principalLeader', 'chief', true],
      ],
    ],
    [
      'Monday 12:30 lunch break, severity IV',
      '2026-11-30T12:30:00+08:00',
      'IV',
      [
        ['dutyLeader', 'duty', false],
        ['principalLeader', 'chief', false],
      ],
    ],
  ] as const)('%s', (_name, at, severity, expected) => {
    const now = new Date(at);
    const chain = computeChain({
      org,
      department: { headId: 'head', supervisingLeaderId: 'leader' },
      officeSecurity: false,
      severity,
      reporterId: 'reporter',
      workingTime: isWorkingTime(workCalendarOf(org), now),
      dutyLeaderId: 'duty',
      people,
      now,
    });
    expect(chain.map((l) => [l.role, l.personId, !!l.parallel])).toEqual(expected);
  });
});
