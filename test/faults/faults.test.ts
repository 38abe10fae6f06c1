import { expect, test } from 'vitest';
import { print, runScenarios, SHORT } from './scenarios.ts';

/**
 * The short form of `npm run faults` (issue 15 item 4): the same five scenarios on smaller sizes and a shortened
 * minute (SES down 6 s during 10 submissions, DynamoDB Local stopped 8 s, …). Each must end with every report's first
 * message out, no message twice to one person for one step, and no 5xx but a 503 with Retry-After during the pause.
 */
test('the five fault scenarios lose nothing and duplicate nothing', async () => {
  const verdicts = await runScenarios(SHORT, () => undefined);
  console.log(print(verdicts));
  expect(verdicts).toHaveLength(5);
  for (const v of verdicts) {
    expect(v.reports, v.scenario).toBeGreaterThan(0);
    expect({ scenario: v.scenario, lost: v.withoutFirstMessage, duplicates: v.duplicates, bad5xx: v.bad5xx }).toEqual({
      scenario: v.scenario,
      lost: 0,
      duplicates: 0,
      bad5xx: 0,
    });
  }
}, 600_000);
