import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import path from 'node:path';
import { CHINESE_DAYS_JSON, calendarDatesFile } from './calendar-dates.ts';

export type BaosongFunctionProps = {
  /** The handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  environment?: Record<string, string>;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 */
  memorySize?: number;
  /** @default 30 days */
  logRetention?: RetentionDays;
};

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Bundling steps that leave out what a function never runs: esbuild aliases, relative to the repository root where the
 * bundling runs. The AWS clients the handlers import become the small signed-JSON clients of `aws-lite/` (the SDK's
 * generic machinery is about 200 KiB of every bundle and most of its init); the credentials come from the environment
 * only (`env-credentials.ts`, for anything that still asks the SDK's default chain); `node:http` and `node:crypto` are
 * read through `require` (`node-http.ts`: their ESM import costs every cold start tens of milliseconds); the official
 * holiday table keeps its dates alone (`calendar-dates.ts`, 24 KB less in every bundle).
 */
export const BUNDLE_ALIASES = {
  'node:http': './infra/constructs/node-http.ts',
  'node:crypto': './infra/constructs/node-crypto.ts',
  '@aws-sdk/credential-provider-node': './infra/constructs/env-credentials.ts',
  '@aws-sdk/client-dynamodb': './infra/constructs/aws-lite/dynamodb.ts',
  '@aws-sdk/lib-dynamodb': './infra/constructs/aws-lite/dynamodb.ts',
  '@aws-sdk/client-sqs': './infra/constructs/aws-lite/sqs.ts',
  '@aws-sdk/client-sesv2': './infra/constructs/aws-lite/sesv2.ts',
  '@aws-sdk/client-cognito-identity-provider': './infra/constructs/aws-lite/cognito-idp.ts',
  '@aws-sdk/client-pinpoint-sms-voice-v2': './infra/constructs/aws-lite/pinpoint-sms-voice-v2.ts',
  [CHINESE_DAYS_JSON]: calendarDatesFile(ROOT),
};

/**
 * A Lambda function with the house defaults: Node.js 24 on ARM64, a minified ESM bundle with its AWS clients inside
 * (what runs locally is what runs on AWS; `BUNDLE_ALIASES`), JSON logs into its own log group with retention, X-Ray
 * tracing. The source map sits beside the bundle for reading a stack trace afterwards; Node does not load it at init
 * (no `--enable-source-maps`, which read and parsed it at every cold start). README "Benchmarks".
 */
export class BaosongFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BaosongFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    super(scope, id, {
      entry: path.join(ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      environment: { POWERTOOLS_SERVICE_NAME: 'baosong', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        minify: true,
        sourceMap: true,
        // The map beside the bundle names file and line for a logged stack trace; the sources stay out of it.
        sourcesContent: false,
        externalModules: [],
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
        metafile: false,
        esbuildArgs: {
          '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`),
          // Chinese text as UTF-8, not \u escapes. (Here because this CDK version drops `bundling.charset`.)
          '--charset': 'utf8',
        },
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 24 is pinned: it is the Node the tests run on (the npm package), moved together.',
    });
  }
}
