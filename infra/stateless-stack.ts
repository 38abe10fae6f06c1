import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  CfnManagedLoginBranding,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type Access, FUNCTIONS, type FunctionName, ROUTES } from '../shared/app/routes.ts';
import { BaosongFunction } from './constructs/baosong-function.ts';
import type { StageConfig } from './stage-config.ts';
import type { StatefulStack } from './stateful-stack.ts';

/**
 * Schedule expressions, shared with the local runtime through the template. monthlyScores runs hourly: each
 * organisation is due at 01:00 on the 1st in its own zone (README "Monthly scores").
 */
export const SCHEDULES = {
  checkOverdue: 'rate(1 minute)',
  monthlyScores: 'rate(1 hour)',
  /** Each organisation is due on its reminder's weekday from its local time (Friday 15:00 by default). */
  weeklyReminder: 'rate(1 hour)',
} as const;

/** The functions that need more than the 10 s default: the queue consumers, the schedules, the scoring worker. */
const TIMEOUTS: Partial<Record<FunctionName, Duration>> = {
  scoreOrg: Duration.minutes(5),
  monthlyScores: Duration.minutes(2),
  weeklyReminder: Duration.minutes(2),
  checkOverdue: Duration.seconds(50),
  sendEscalation: Duration.seconds(30),
  mailEvents: Duration.seconds(30),
  deliver: Duration.seconds(30),
};

const BASIC_EXECUTION_ROLE = 'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const RETENTION: Record<StageConfig['logRetentionDays'], RetentionDays> = {
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

/**
 * Everything that can be replaced without losing data: the functions with their roles and log groups, the HTTP API
 * with its JWT authorizer, the SQS event-source mappings and the schedules. The table, queues, user pool and mail
 * identity come from the stateful stack.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, LambdaFn>;

  constructor(scope: Construct, id: string, config: StageConfig, data: StatefulStack, props?: StackProps) {
    super(scope, id, props);
    const api = new HttpApi(this, 'Api', { description: 'baosong 报送', createDefaultStage: true });
    // The pages' app client: public (no secret), authorization code + PKCE, callback and sign-out URLs on this
    // stage's API. Here rather than in the stateful stack because the URLs are the API's; recreating it only changes
    // the client id the functions read.
    const pagesClient = new UserPoolClient(this, 'PagesClient', {
      userPool: data.userPool,
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${api.apiEndpoint}/auth/callback`],
        logoutUrls: [`${api.apiEndpoint}/signed-out`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    // Managed login shows a page for a client only once the client has a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'PagesLoginBranding', {
      userPoolId: data.userPool.userPoolId,
      clientId: pagesClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    const common: Record<string, string> = {
      STAGE: config.stage,
      AUTH_MODE: config.authMode,
      APP_URL: api.apiEndpoint,
      USER_POOL_ID: data.userPool.userPoolId,
      USER_POOL_CLIENT_ID: data.userPoolClient.userPoolClientId,
      OIDC_ISSUER: `https://cognito-idp.${this.region}.${this.urlSuffix}/${data.userPool.userPoolId}`,
      OIDC_DOMAIN: data.userPoolDomain.baseUrl(),
      OIDC_CLIENT_ID: pagesClient.userPoolClientId,
    };
    // A send under a configuration set needs the permission on the set as well as on the identity.
    const sendMail = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: data.mailIdentity.emailIdentityName }),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: data.mailConfigurationSet.configurationSetName,
        }),
      ],
    });

    // Texts go out only from the stage's identity with its configuration set: the two ARNs SendTextMessage names.
    const sendText = new PolicyStatement({
      actions: ['sms-voice:SendTextMessage'],
      resources: [data.sms.identityArn, data.sms.configurationSetArn],
    });

    const fns = {} as Record<FunctionName, LambdaFn>;
    for (const [name, def] of Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]) {
      const id = name.charAt(0).toUpperCase() + name.slice(1);
      const fn = new BaosongFunction(this, id, {
        entry: def.entry,
        environment: common,
        memorySize: config.memoryMb,
        timeout: TIMEOUTS[name] ?? Duration.seconds(10),
        logRetention: RETENTION[config.logRetentionDays],
      });
      const access = def.access as Access;
      if (access.table) data.table.bind(fn, access.table);
      if (access.queue) data.escalation.bindSender(fn);
      if (access.scoring) data.scoring.bindSender(fn);
      if (access.outbox) data.outbox.bindSender(fn);
      if (access.mail) {
        fn.addToRolePolicy(sendMail);
        fn.addEnvironment('MAIL_FROM', config.mailFrom);
        fn.addEnvironment('MAIL_CONFIGURATION_SET', data.mailConfigurationSet.configurationSetName);
      }
      if (access.sms) {
        fn.addToRolePolicy(sendText);
        fn.addEnvironment('SMS_ORIGINATION_IDENTITY', data.sms.identityArn);
        fn.addEnvironment('SMS_CONFIGURATION_SET', data.sms.configurationSetName);
      }
      if (access.files) {
        // Only the attachments' two prefixes: uploads waiting for their check, and the confirmed files.
        const prefixes = ['incoming/*', 'files/*'].map((p) => data.files.arnForObjects(p));
        fn.addToRolePolicy(
          new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: prefixes }),
        );
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [data.files.bucketArn],
            conditions: { StringLike: { 's3:prefix': ['incoming/*'] } },
          }),
        );
        fn.addEnvironment('FILES_BUCKET', data.files.bucketName);
      }
      fns[name] = fn;
    }
    this.functions = fns;
    // The org function creates the sign-in account of each person the office adds (an e-mailed invitation) and
    // disables or enables it with the person (org/sign-in-account-repo.ts); it finds the pool by USER_POOL_ID above.
    data.userPool.grant(
      fns.org,
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
    );

    const authorizer = new HttpUserPoolAuthorizer('Cognito', data.userPool, {
      userPoolClients: [data.userPoolClient, pagesClient],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      if (route.localOnly && !config.localOnlyRoutes) continue;
      let integration = integrations.get(route.fn);
      if (!integration) {
        // One invoke permission per function for this API rather than one per route: routes are many, and a stack
        // holds at most 500 resources.
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, fns[route.fn], {
          scopePermissionToRoute: false,
        });
        integrations.set(route.fn, integration);
      }
      const added = api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration,
        authorizer: route.auth === 'jwt' ? authorizer : undefined,
      });
      if (route.auth === 'public') {
        for (const r of added) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason:
              'Public by design: sign-in, pages (session cookie verified in the function) or a one-time link token.',
          });
        }
      }
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RETENTION[config.logRetentionDays] });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    fns.sendEscalation.addEventSource(
      new SqsEventSource(data.escalation.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // Bounces and complaints: a few a day; each record marks the address and tells its office (org/mail-bounces.ts).
    fns.mailEvents.addEventSource(
      new SqsEventSource(data.mailEvents.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // The outbox's consumer: the only function with ses:SendEmail (ARCHITECTURE decision 9).
    fns.deliver.addEventSource(new SqsEventSource(data.outbox.queue, { batchSize: 10, reportBatchItemFailures: true }));
    // One organisation per invocation, at most 5 at once: the month's mails go out at a pace SES accepts.
    fns.scoreOrg.addEventSource(
      new SqsEventSource(data.scoring.queue, { batchSize: 1, maxConcurrency: 5, reportBatchItemFailures: true }),
    );
    new Rule(this, 'CheckOverdueEveryMinute', {
      schedule: Schedule.expression(SCHEDULES.checkOverdue),
      targets: [new LambdaFunction(fns.checkOverdue)],
    });
    new Rule(this, 'MonthlyScoresEveryHour', {
      schedule: Schedule.expression(SCHEDULES.monthlyScores),
      targets: [new LambdaFunction(fns.monthlyScores)],
    });
    new Rule(this, 'WeeklyReminderEveryHour', {
      schedule: Schedule.expression(SCHEDULES.weeklyReminder),
      targets: [new LambdaFunction(fns.weeklyReminder)],
    });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'PagesClientId', { value: pagesClient.userPoolClientId });

    this.acknowledgeNagFindings(data);
  }

  /** Each accepted cdk-nag finding, with the evidence it covers and its one-line reason. */
  private acknowledgeNagFindings(data: StatefulStack): void {
    // The table's ARN reaches this stack as an import; the finding names the export.
    const table = (this.resolve(data.exportValue(data.table.table.tableArn)) as { 'Fn::ImportValue': string })[
      'Fn::ImportValue'
    ];
    const files = (this.resolve(data.exportValue(data.files.bucketArn)) as { 'Fn::ImportValue': string })[
      'Fn::ImportValue'
    ];
    Validations.of(this).acknowledge(
      ...['incoming', 'files'].map((prefix) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${files}/${prefix}/*]`,
        reason: 'Attachments are objects under their prefix, named by their id at upload: the grant is the prefix.',
      })),
      {
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::${BASIC_EXECUTION_ROLE}]`,
        reason: "AWSLambdaBasicExecutionRole is AWS's scoped policy for a function writing its own logs.",
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${table}/index/*]`,
        reason: 'Queries on the table need its two GSIs; CDK grants them as index/*.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions.',
      },
    );
  }
}
