import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ManagedLoginVersion,
  Mfa,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { CfnConfigurationSet, CfnPhoneNumber, CfnSenderId } from 'aws-cdk-lib/aws-smsvoice';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
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
  /** Every mail is sent under it (MAIL_CONFIGURATION_SET): its bounces and complaints reach `mailEvents`. */
  readonly mailConfigurationSet: ConfigurationSet;
  /** SES bounce and complaint events, as EventBridge delivers them, for the mail-events function (issue 15). */
  readonly mailEvents: QueueWithDlq;
  /** Where texts come from (a sender id or phone number, by stage) and the configuration set they are sent with. */
  readonly sms: { identityArn: string; configurationSetName: string; configurationSetArn: string };
  /** Attachments (issue 14): uploads land under `incoming/` until confirmed, then live under `files/`. */
  readonly files: Bucket;

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
    // Bounces and complaints of every mail go to the default event bus (the only one SES publishes to); a rule for
    // this configuration set's events puts them on a queue with a dead-letter queue, so none is lost while the
    // function is down. The account's suppression list keeps refusing a bounced address as well.
    this.mailConfigurationSet = new ConfigurationSet(this, 'Mail', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.mailConfigurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.mailEvents = new QueueWithDlq(this, 'MailEvents', {
      envName: 'MAIL_EVENTS_QUEUE_URL',
      visibilityTimeout: Duration.minutes(3),
      maxReceiveCount: 5,
      removalPolicy,
    });
    new Rule(this, 'MailBouncesAndComplaints', {
      description: 'SES bounces and complaints of baosong mail, to the mail-events queue',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.mailConfigurationSet.configurationSetName] } } },
      },
      targets: [new SqsQueue(this.mailEvents.queue)],
    });

    const smsIdentity =
      config.sms.kind === 'senderId'
        ? new CfnSenderId(this, 'SmsIdentity', {
            senderId: config.sms.senderId,
            isoCountryCode: config.sms.isoCountryCode,
            deletionProtectionEnabled: config.removalPolicy !== RemovalPolicy.DESTROY,
          })
        : new CfnPhoneNumber(this, 'SmsIdentity', {
            isoCountryCode: config.sms.isoCountryCode,
            numberType: config.sms.numberType,
            numberCapabilities: ['SMS'],
            mandatoryKeywords: {
              help: { message: '报送系统：紧急信息通知。退订回复 STOP。' },
              stop: { message: '已退订报送系统短信。' },
            },
            deletionProtectionEnabled: config.removalPolicy !== RemovalPolicy.DESTROY,
          });
    smsIdentity.applyRemovalPolicy(removalPolicy);
    const smsConfig = new CfnConfigurationSet(this, 'SmsConfiguration', { messageFeedbackEnabled: false });
    smsConfig.applyRemovalPolicy(removalPolicy);
    this.sms = {
      identityArn: smsIdentity.attrArn,
      configurationSetName: smsConfig.ref,
      configurationSetArn: smsConfig.attrArn,
    };

    // Private, encrypted, versioned; an upload never confirmed goes after a day, a replaced or deleted version after 90.
    // CORS lets a page's script post the presigned form (the plain form needs none: a navigation, not a fetch).
    this.files = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      lifecycleRules: [
        { id: 'unconfirmed-uploads', prefix: 'incoming/', expiration: Duration.days(1) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'delete-markers', expiredObjectDeleteMarker: true },
      ],
      // Any origin may post, for the API's own origin lives in the other stack: each POST carries its signed policy.
      cors: [{ allowedMethods: [HttpMethods.POST], allowedOrigins: ['*'], allowedHeaders: ['*'], maxAge: 3600 }],
    });
    Validations.of(this.files).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'Server access logs need a second bucket per stage; CloudTrail data events cover access when required.',
    });
    new CfnOutput(this, 'FilesBucket', { value: this.files.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'SignInDomain', { value: this.userPoolDomain.baseUrl() });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.escalation.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ScoringDeadLetterQueueUrl', { value: this.scoring.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'MailEventsDeadLetterQueueUrl', { value: this.mailEvents.deadLetterQueue.queueUrl });
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
