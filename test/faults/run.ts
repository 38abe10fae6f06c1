/**
 * `npm run faults`: the five fault scenarios of issue 15 item 4 at full size (SES down 2 minutes during 50
 * submissions, DynamoDB Local stopped 20 s, …); `FAULTS_ONLY=1,3` runs only those. Exits 1 unless every scenario
 * ends with 0 reports without their first message, 0 duplicates and no 5xx but 503 with Retry-After.
 */
import { FULL, print, runScenarios } from './scenarios.ts';

const only = process.env.FAULTS_ONLY?.split(',').map(Number);
const started = Date.now();
const verdicts = await runScenarios(FULL, (l) => console.error(l), only);
console.log(print(verdicts));
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
const failed = verdicts.filter((v) => v.withoutFirstMessage || v.duplicates || v.bad5xx);
process.exit(failed.length ? 1 : 0);
