import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ManagedLoginVersion,
  Mfa,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { BaosongTable } from './constructs/baosong-table.ts';
import { QueueWithDlq } from './constructs/queue-with-dlq.ts';
import type { StageConfig } from './stage-config.ts';

/**
 * What holds data or is costly to recreate: the table, the queues with their dead-letter queues, the user pool and
 * its client, and the SES identity (recreating it means verifying the address or domain again). Removal follows the
 * stage's `removalPolicy`. The stateless stack uses these through their constructs, so a redeploy of the code never
 * touches this stack.
 */
export class StatefulStack extends Stack {
  readonly table: BaosongTable;
  readonly escalation: QueueWithDlq;
  readonly scoring: QueueWithDlq;
  /** The outbox's nudges (one record id each); five receives, then the dead-letter queue. */
  readonly outbox: QueueWithDlq;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Cognito's managed login (the newer version), where the pages send people to sign in. */
  readonly userPoolDomain: UserPoolDomain;
  readonly mailIdentity: EmailIdentity;

  constructor(scope: Construct, id: string, config: StageConfig, props?: StackProps) {
    super(scope, id, props);
    const removalPolicy = config.removalPolicy;
    this.table = new BaosongTable(this, 'Data', { removalPolicy });
    this.escalation = new QueueWithDlq(this, 'Escalation', {
      envName: 'ESCALATION_QUEUE_URL',
      visibilityTimeout: Duration.minutes(3),
      maxReceiveCount: 5,
      removalPolicy,
    });
    // One message per organisation and month; the worker may take minutes for a large organisation (timeout 5 min).
    this.scoring = new QueueWithDlq(this, 'Scoring', {
      envName: 'SCORING_QUEUE_URL',
      visibilityTimeout: Duration.minutes(30),
      maxReceiveCount: 5,
      removalPolicy,
    });
    // The consumer (timeout 30 s) sets each failed message's own backoff; 3 minutes covers a consumer that died.
    this.outbox = new QueueWithDlq(this, 'Outbox', {
      envName: 'OUTBOX_QUEUE_URL',
      visibilityTimeout: Duration.minutes(3),
      maxReceiveCount: 5,
      removalPolicy,
    });
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy,
    });
    this.userPoolClient = this.userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // Scripts and integrations sign in by SRP; CDK's default OAuth (implicit flow, https://example.com) is off.
      disableOAuth: true,
    });
    this.userPoolDomain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: config.authDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Deleted with the stack whatever the stage: its name is the address, so a retained identity would block the
    // next deployment's identity for the same address.
    this.mailIdentity = new EmailIdentity(this, 'MailSender', { identity: Identity.email(config.mailFrom) });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'SignInDomain', { value: this.userPoolDomain.baseUrl() });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.escalation.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ScoringDeadLetterQueueUrl', { value: this.scoring.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'OutboxDeadLetterQueueUrl', { value: this.outbox.deadLetterQueue.queueUrl });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP) so that offices can roll it out person by person.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-COG8',
        reason: 'The Plus feature plan (threat protection) is a paid add-on; enable it per deployment when required.',
      },
    );
  }
}
