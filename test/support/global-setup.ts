import type { TestProject } from 'vitest/node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileLog, LocalStack, type LocalStackInfo } from '../../infra/local/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: LocalStackInfo;
  }
}

/**
 * Starts one local stack for the integration and e2e tests: in-memory DynamoDB Local, the emulators, free ports.
 * Schedules are off: tests invoke the overdue check when they mean to, so nothing happens behind their backs.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'baosong-test-'));
  const log = fileLog(path.join(dir, 'functions.log'));
  const stack = new LocalStack({
    ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
    outdir: path.join(dir, 'cdk.out'),
    schedules: false,
    functionLog: log,
    // Tests cause failures on purpose; what failed is kept in the log beside the functions' own lines.
    onError: (e) => log.write(`${JSON.stringify({ level: 'ERROR', message: 'local runtime', error: String(e) })}\n`),
  });
  const info = await stack.start();
  console.log(
    `local stack for tests: ${info.appUrl}, S3 emulator ${info.s3Url} (function logs: ${path.join(dir, 'functions.log')})`,
  );
  project.provide('stack', info);
  return async () => {
    await stack.stop();
  };
}
