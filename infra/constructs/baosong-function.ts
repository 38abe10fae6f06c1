import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import path from 'node:path';

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
 * Bundling steps that leave out what a function never runs (see `env-credentials.ts`): esbuild aliases, relative to
 * the repository root where the bundling runs.
 */
export const BUNDLE_ALIASES = { '@aws-sdk/credential-provider-node': './infra/constructs/env-credentials.ts' };

/**
 * A Lambda function with the house defaults: Node.js 24 on ARM64, ESM bundle with the AWS SDK inside (what runs
 * locally is what runs on AWS), source maps on, JSON logs into its own log group with retention, X-Ray tracing.
 * The bundle takes its AWS credentials from the environment only (`BUNDLE_ALIASES`).
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
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'baosong', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        minify: true,
        sourceMap: true,
        // Stack traces name file and line; the sources themselves stay out of the map (2.7 MB -> 0.9 MB, parsed at init).
        sourcesContent: false,
        externalModules: [],
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
        metafile: false,
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 24 is pinned: it is the Node the tests run on (the npm package), moved together.',
    });
  }
}
