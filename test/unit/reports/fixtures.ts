import { DEFAULT_ORG_CONFIG } from '../../../shared/org/rules/config.ts';
import type { Person } from '../../../shared/org/rules/model.ts';
import type { ChainInput } from '../../../shared/reports/rules/chain.ts';
import { peopleById } from '../org/fixtures.ts';

export const CHAIN_NOW = new Date('2026-11-27T02:00:00.000Z'); // Friday 10:00 in Asia/Shanghai, the org's zone

/**
 * A level IV report in working time by 'reporter' of a department with a head ('head') and a supervising leader
 * ('sup'), levels I–II also going to the principal leader ('principal') at once; `people` are who is on file.
 */
export function chainInput(people: Person[], overrides: Partial<ChainInput> = {}): ChainInput {
  return {
    org: {
      principalLeaderId: 'principal',
      config: { ...DEFAULT_ORG_CONFIG, parallelPrincipalSeverities: ['I', 'II'] },
    },
    department: { headId: 'head', supervisingLeaderId: 'sup' },
    office: { headId: 'officeHead', supervisingLeaderId: 'officeSup' },
    officeSecurity: false,
    severity: 'IV',
    reporterId: 'reporter',
    workingTime: true,
    people: peopleById(people),
    now: CHAIN_NOW,
    ...overrides,
  };
}
