import { CfnOutput, Duration, Stack, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, Mfa, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { FUNCTIONS, ROUTES, type FunctionName } from '../shared/app/routes.ts';
import { BaosongFunction } from './constructs/baosong-function.ts';
import { BaosongTable } from './constructs/baosong-table.ts';
import { QueueWithDlq } from './constructs/queue-with-dlq.ts';
import type { StageConfig } from './stage-config.ts';

/** Schedule expressions, shared with the local runtime through the template. */
/** monthlyScores runs hourly: each organisation is due at 01:00 on the 1st in its own zone (README "Monthly scores"). */
export const SCHEDULES = { checkOverdue: 'rate(1 minute)', monthlyScores: 'rate(1 hour)' } as const;

const RETENTION: Record<StageConfig['logRetentionDays'], RetentionDays> = { 30: RetentionDays.ONE_MONTH, 90: RetentionDays.THREE_MONTHS, 365: RetentionDays.ONE_YEAR };

/** Stateful resources: the table and the queues. Kept apart from the functions so they can be protected on their own. */
class Stateful extends Construct {
  readonly table: BaosongTable;
  readonly escalation: QueueWithDlq;
  readonly scoring: QueueWithDlq;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = new BaosongTable(this, 'Data', { removalPolicy: config.removalPolicy });
    this.escalation = new QueueWithDlq(this, 'Escalation', { envName: 'ESCALATION_QUEUE_URL', visibilityTimeout: Duration.minutes(3), maxReceiveCount: 5 });
    // One message per organisation and month; the worker may take minutes for a large organisation (timeout 5 min).
    this.scoring = new QueueWithDlq(this, 'Scoring', { envName: 'SCORING_QUEUE_URL', visibilityTimeout: Duration.minutes(30), maxReceiveCount: 5 });
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: config.removalPolicy,
    });
    this.userPoolClient = this.userPool.addClient('WebClient', { authFlows: { userSrp: true }, preventUserExistenceErrors: true });
  }
}

/**
 * The whole system in one stack: stateful resources, the functions, the HTTP API with its JWT authorizer,
 * the escalation consumer and the every-minute overdue check.
 */
export class BaosongStack extends Stack {
  readonly functions: Record<FunctionName, LambdaFn>;

  constructor(scope: Construct, id: string, config: StageConfig, props?: StackProps) {
    super(scope, id, props);
    const data = new Stateful(this, 'Stateful', config);
    const api = new HttpApi(this, 'Api', { description: 'baosong 报送', createDefaultStage: true });
    const identity = new EmailIdentity(this, 'MailSender', { identity: Identity.email(config.mailFrom) });

    const common: Record<string, string> = {
      STAGE: config.stage,
      AUTH_MODE: config.authMode,
      APP_URL: api.apiEndpoint,
      USER_POOL_ID: data.userPool.userPoolId,
      USER_POOL_CLIENT_ID: data.userPoolClient.userPoolClientId,
    };

    const fns = {} as Record<FunctionName, LambdaFn>;
    for (const [name, def] of Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]) {
      const id = name.charAt(0).toUpperCase() + name.slice(1);
      const fn = new BaosongFunction(this, id, {
        entry: def.entry,
        environment: common,
        memorySize: config.memoryMb,
        timeout: name === 'scoreOrg' ? Duration.minutes(5) : name === 'monthlyScores' ? Duration.minutes(2) : name === 'checkOverdue' ? Duration.seconds(50) : name === 'sendEscalation' ? Duration.seconds(30) : Duration.seconds(10),
        logRetention: RETENTION[config.logRetentionDays],
      });
      const access = def.access as { table?: 'r' | 'rw'; queue?: boolean; scoring?: boolean; mail?: boolean };
      if (access.table) data.table.bind(fn, access.table);
      if (access.queue) data.escalation.bindSender(fn);
      if (access.scoring) data.scoring.bindSender(fn);
      if (access.mail) {
        fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName })] }));
        fn.addEnvironment('MAIL_FROM', config.mailFrom);
      }
      fns[name] = fn;
    }
    this.functions = fns;

    const authorizer = new HttpUserPoolAuthorizer('Cognito', data.userPool, { userPoolClients: [data.userPoolClient] });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      if (route.localOnly && config.stage !== 'local') continue;
      let integration = integrations.get(route.fn);
      if (!integration) {
        // One invoke permission per function for this API rather than one per route: routes are many, and a stack
        // holds at most 500 resources.
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, fns[route.fn], { scopePermissionToRoute: false });
        integrations.set(route.fn, integration);
      }
      const added = api.addRoutes({ path: route.path, methods: [route.method as HttpMethod], integration, authorizer: route.auth === 'jwt' ? authorizer : undefined });
      if (route.auth === 'public') {
        for (const r of added) {
          Validations.of(r).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: 'Public by design: sign-in, pages (session cookie verified in the function) or a one-time link token.' });
        }
      }
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RETENTION[config.logRetentionDays] });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', routeKey: '$context.routeKey', status: '$context.status', latency: '$context.responseLatency' }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    fns.sendEscalation.addEventSource(new SqsEventSource(data.escalation.queue, { batchSize: 10, reportBatchItemFailures: true }));
    // One organisation per invocation, at most 5 at once: the month's mails go out at a pace SES accepts.
    fns.scoreOrg.addEventSource(new SqsEventSource(data.scoring.queue, { batchSize: 1, maxConcurrency: 5, reportBatchItemFailures: true }));
    new Rule(this, 'CheckOverdueEveryMinute', { schedule: Schedule.expression(SCHEDULES.checkOverdue), targets: [new LambdaFunction(fns.checkOverdue)] });
    new Rule(this, 'MonthlyScoresEveryHour', { schedule: Schedule.expression(SCHEDULES.monthlyScores), targets: [new LambdaFunction(fns.monthlyScores)] });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: data.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: data.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: data.table.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: data.escalation.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ScoringDeadLetterQueueUrl', { value: data.scoring.deadLetterQueue.queueUrl });

    this.acknowledgeNagFindings(data, api);
  }

  /** Each accepted cdk-nag finding, with the evidence it covers and its one-line reason. */
  private acknowledgeNagFindings(data: Stateful, api: HttpApi): void {
    const table = this.getLogicalId(data.table.table.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "AWSLambdaBasicExecutionRole is AWS's scoped policy for a function writing its own logs.",
      },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`, reason: 'Queries on the table need its two GSIs; CDK grants them as index/*.' },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions.' },
    );
    Validations.of(data.userPool).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-COG2', reason: 'MFA is optional (TOTP) so that offices can roll it out person by person.' },
      { id: 'AwsSolutions::AwsSolutions-COG8', reason: 'The Plus feature plan (threat protection) is a paid add-on; enable it per deployment when required.' },
    );
    void api;
  }
}
