import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assertRegionOffersAll } from './regions.ts';
import { stageConfig } from './stage-config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The two stacks of one stage: `Baosong-<stage>-Data` (stateful) and `Baosong-<stage>-App` (stateless). */
export const stackNames = (stage: string) => ({ data: `Baosong-${stage}-Data`, app: `Baosong-${stage}-App` });

/**
 * Builds the app for one stage (or the `stage` context the CLI passes, `--context stage=prod`); the CLI entry
 * point below, the tests and the local runtime share it. cdk-nag's AwsSolutions checks run on every synth.
 */
export function buildApp(
  stage?: string,
  outdir?: string,
  opts: { bundle?: boolean } = {},
): { app: App; data: StatefulStack; stack: StatelessStack } {
  // `bundle: false` skips esbuild (CDK's bundling-stacks context): for tests of the template alone.
  const app = new App({
    outdir,
    context: {
      ...(stage ? { stage } : {}),
      'aws:cdk:enable-asset-metadata': true,
      // Exports and imports: CloudFormation refuses to delete the stateful stack, or an export the stateless stack
      // still uses, while the stateless stack imports it. Removing a shared resource means weakening first.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...(opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const name = stage ?? (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
  const config = stageConfig(name);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  // Fails here, before any construct, for a region without SES, Cognito managed login or SMS (infra/regions.ts).
  assertRegionOffersAll(env.region, { sms: app.node.tryGetContext('sms') !== 'none' });
  const names = stackNames(name);
  const data = new StatefulStack(app, names.data, config, { env });
  const stack = new StatelessStack(app, names.app, config, data, { env });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
