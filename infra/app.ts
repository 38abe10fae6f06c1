import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BaosongStack } from './baosong-stack.ts';
import { stageConfig } from './stage-config.ts';

/**
 * Builds the app for one stage (or the `stage` context the CLI passes, `--context stage=prod`); the CLI entry
 * point below, the tests and the local runtime share it. cdk-nag's AwsSolutions checks run on every synth.
 */
export function buildApp(stage?: string, outdir?: string, opts: { bundle?: boolean } = {}): { app: App; stack: BaosongStack } {
  // `bundle: false` skips esbuild (CDK's bundling-stacks context): for tests of the template alone.
  const app = new App({ outdir, context: { ...(stage ? { stage } : {}), 'aws:cdk:enable-asset-metadata': true, ...(opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}) } });
  const name = stage ?? (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
  const stack = new BaosongStack(app, `Baosong-${name}`, stageConfig(name), {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
