import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BaosongStack } from './baosong-stack.ts';
import { stageConfig } from './stage-config.ts';

/** Builds the app for one stage; the CLI entry point below and the tests and local runtime share it. */
export function buildApp(stage: string, outdir?: string): { app: App; stack: BaosongStack } {
  const app = new App({ outdir, context: { stage, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new BaosongStack(app, `Baosong-${stage}`, stageConfig(stage), {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const probe = new App();
  const stage = (probe.node.tryGetContext('stage') as string | undefined) ?? 'dev';
  buildApp(stage).app.synth();
}
