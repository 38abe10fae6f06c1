import { defineConfig } from 'vitest/config';

/**
 * unit: pure rules, fixed clocks. infra: CDK assertions and cdk-nag. stack: integration and e2e tests against
 * one local stack (DynamoDB Local, SQS and SES emulators, the functions) started once per run, on free ports and in
 * a temporary folder of its own, so that two runs on one machine do not meet.
 */
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
      },
      {
        // Each scenario starts its own local stack with fault hooks (and scenario 5 one in a process it kills).
        extends: true,
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Generous: on a loaded machine (a second copy of these tests beside this one) the longest browser flow
          // took 35 s; a passing test never waits for its timeout.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: true,
        },
      },
    ],
  },
});
