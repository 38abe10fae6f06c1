import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Cron } from 'croner';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { buildApp } from '../app.ts';
import { assertPortFree, closeServer, startDynamoDb, startS3, startSes, startSqs, freePort } from './emulators.ts';
import { startGateway, type LocalRoute } from './http-gateway.ts';
import { startOidcProvider } from './oidc-provider.ts';
import { dynamoActionsOf, startIamGate } from './iam-gate.ts';
import { LocalFunction } from './lambda-host.ts';
import { FaultProxy, type FaultRule } from './fault-proxy.ts';
import { idleResponse, Quiescence, type IdleReport, type WatchedQueue } from './quiescence.ts';
import { SqsPoller } from './sqs-poller.ts';
import { sesEvent, sesEventQueueOf } from './ses-events.ts';
import { startSmsEmulator } from './sms-emulator.ts';
import { SesFault } from './ses-fault.ts';
import {
  mergeTemplates,
  Resolver,
  resourcesOfType,
  scheduleToCron,
  targetOf,
  type Physical,
  type Template,
} from './template.ts';

export type LocalStackOptions = {
  /** 0 picks a free port. */
  ports: { app: number; dynamodb: number; sqs: number; ses: number; oidc?: number; sms?: number; s3?: number };
  /** Where DynamoDB Local keeps its data; without it the data lives in memory. */
  dataDir?: string;
  /** Where the synthesized app goes. */
  outdir: string;
  /** Run the template's schedules on their expressions (tests switch them off and invoke on purpose). @default true */
  schedules?: boolean;
  /** Reuse the synthesized assembly in `outdir` when the sources have not changed (`npm start`). @default false */
  reuseAssembly?: boolean;
  /** Where the functions' own logs go. */
  functionLog?: Writable;
  onRequest?: (line: string) => void;
  onError?: (err: Error) => void;
  /**
   * Test-only (the fault tests, `npm run faults`): every function reaches SES and SQS through a fault proxy of its own
   * that `faults.rule` may refuse, lose or slow; `faults` also pauses DynamoDB Local and kills a busy worker.
   * @default false
   */
  faults?: boolean;
  /** An SES (emulator) already running, used instead of starting one: mailboxes that outlive the stack. */
  sesEndpoint?: string;
};

/** The fault tests' handles on a stack started with `faults: true`. */
export type FaultHooks = {
  /** What the proxies do with each call to SES and SQS; undefined lets every call pass. */
  rule: FaultRule | undefined;
  /** DynamoDB Local's Java process id (SIGSTOP pauses the whole database, SIGCONT resumes it). */
  dynamoPid: number;
  /** Ends the worker of `fn` (by the start of its logical id) that is running an invocation: its invocation fails. */
  killBusyWorker(fn: string): boolean;
};

export type LocalStackInfo = {
  appUrl: string;
  mailUrl: string;
  /** The local SMS endpoint: its viewer at the root, `GET /messages` (infra/local/sms-emulator.ts). */
  smsUrl: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queues: Record<string, { url: string; arn: string }>;
  devSecret: string;
  /** The local OpenID Connect provider (plays Cognito's managed login). */
  oidcUrl: string;
  /** The S3 emulator (attachments), path style, and the attachments bucket's name there. */
  s3Url: string;
  filesBucket: string;
};

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The whole system on one machine, derived from the synthesized CDK templates: DynamoDB Local, the SQS and SES
 * emulators, every function of the template in its own worker with its own environment, the HTTP API's routes,
 * the SQS event-source mappings and the schedules. Nothing here names a function, route or queue of the app.
 */
export class LocalStack {
  private stops: (() => Promise<void>)[] = [];
  readonly functions = new Map<string, LocalFunction>();
  private pollers: SqsPoller[] = [];
  private crons: Cron[] = [];
  private barrier: Quiescence | undefined;
  private sqsClient: SQSClient | undefined;
  private physical = new Map<string, Physical>();
  /** Set when started with `faults: true`. */
  faults: FaultHooks | undefined;
  /** SES as the functions reach it: through a fault that tests can switch on for some addresses. */
  readonly sesFault = new SesFault();
  info!: LocalStackInfo;
  template!: Template;

  constructor(private readonly opts: LocalStackOptions) {}

  async start(): Promise<LocalStackInfo> {
    const { ports } = this.opts;
    await assertPortFree(ports.app, 'the app', 'BAOSONG_PORT');
    await assertPortFree(ports.dynamodb, 'DynamoDB Local', 'BAOSONG_DYNAMODB_PORT');
    await assertPortFree(ports.sqs, 'the SQS emulator', 'BAOSONG_SQS_PORT');
    await assertPortFree(ports.ses, 'the SES emulator', 'BAOSONG_SES_PORT');
    await assertPortFree(ports.oidc ?? 0, 'the OIDC provider', 'BAOSONG_OIDC_PORT');
    await assertPortFree(ports.sms ?? 0, 'the SMS endpoint', 'BAOSONG_SMS_PORT');
    await assertPortFree(ports.s3 ?? 0, 'the S3 emulator', 'BAOSONG_S3_PORT');
    try {
      return await this.startAll();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startAll(): Promise<LocalStackInfo> {
    const { ports } = this.opts;
    const appPort = ports.app || (await freePort());
    // One after the other, each registered for stopping as soon as it runs: a failure leaves nothing behind.
    const dynamo = await startDynamoDb(ports.dynamodb || (await freePort()), this.opts.dataDir);
    this.stops.push(dynamo.stop);
    const sqs = await startSqs(ports.sqs);
    this.stops.push(sqs.stop);
    const ses = this.opts.sesEndpoint ? { endpoint: this.opts.sesEndpoint } : await startSes(ports.ses);
    if ('stop' in ses) this.stops.push(ses.stop);
    const sesForFunctions = await this.sesFault.start(ses.endpoint);
    this.stops.push(() => closeServer(sesForFunctions.server));
    const sms = await startSmsEmulator(ports.sms ?? 0);
    this.stops.push(() => closeServer(sms.server));
    if (this.opts.faults) {
      this.faults = {
        rule: undefined,
        dynamoPid: dynamo.pid,
        killBusyWorker: (name) => {
          const fn = [...this.functions.entries()].find(([id]) => id.startsWith(name))?.[1];
          return fn?.killBusy() ?? false;
        },
      };
    }
    // With faults on, each function's SES and SQS calls go through a proxy of its own; otherwise straight on.
    const endpointFor = async (fn: string, service: 'ses' | 'sqs', target: string): Promise<string> => {
      if (!this.faults) return target;
      const proxy = new FaultProxy(fn, service, target, () => this.faults?.rule);
      this.stops.push(() => proxy.stop());
      return proxy.start();
    };

    const assembly = this.synthesize();
    // The stateful stack's table, queues and user pool and the stateless stack's functions, routes, schedules and
    // event sources, with the stateless stack's imports resolved to the stateful stack's resources.
    this.template = mergeTemplates(
      assembly.stacks.map((s) => ({ name: s.stackName, template: s.template as Template })),
    );
    const assetDir = assembly.directory;

    const devSecret = this.devSecret();
    const appUrl = `http://localhost:${appPort}`;
    const physical = this.physical;
    // Each bucket of the template, named by its logical id (lowercase, as S3 names are), in the S3 emulator.
    const buckets = resourcesOfType(this.template, 'AWS::S3::Bucket').map(([id]) => [id, id.toLowerCase()] as const);
    const s3 = await startS3(
      ports.s3 || (await freePort()),
      buckets.map(([, name]) => name),
      this.opts.dataDir
        ? path.join(path.resolve(this.opts.dataDir), '..', 's3')
        : path.join(this.opts.outdir, `s3-${process.pid}-${Date.now()}`),
    );
    this.stops.push(s3.stop);
    for (const [id, name] of buckets)
      physical.set(id, {
        ref: name,
        attrs: { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.local`, RegionalDomainName: `${name}.s3.local` },
      });
    const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials: CREDENTIALS });
    const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials: CREDENTIALS });
    this.sqsClient = sqsClient;

    let tableName = '';
    for (const [id, r] of resourcesOfType(this.template, 'AWS::DynamoDB::Table')) {
      await this.ensureTable(ddb, id, r.Properties!);
      physical.set(id, { ref: id, attrs: { Arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${id}`, StreamArn: '' } });
      tableName ||= id;
    }

    const queues: LocalStackInfo['queues'] = {};
    const queueDefs = resourcesOfType(this.template, 'AWS::SQS::Queue').sort(
      ([, a], [, b]) => (a.Properties?.RedrivePolicy ? 1 : 0) - (b.Properties?.RedrivePolicy ? 1 : 0),
    );
    for (const [id, r] of queueDefs) {
      const arn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
      const p = r.Properties ?? {};
      const attributes: Record<string, string> = {};
      if (p.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(p.VisibilityTimeout);
      if (p.MessageRetentionPeriod !== undefined) attributes.MessageRetentionPeriod = String(p.MessageRetentionPeriod);
      if (p.DelaySeconds !== undefined) attributes.DelaySeconds = String(p.DelaySeconds);
      if (p.RedrivePolicy) {
        const dlq = targetOf(p.RedrivePolicy.deadLetterTargetArn);
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${dlq}`,
          maxReceiveCount: p.RedrivePolicy.maxReceiveCount,
        });
      }
      const created = await sqsClient
        .send(new CreateQueueCommand({ QueueName: id, Attributes: attributes }))
        .catch(async () => sqsClient.send(new GetQueueUrlCommand({ QueueName: id })));
      queues[id] = { url: created.QueueUrl!, arn };
      physical.set(id, { ref: created.QueueUrl!, attrs: { Arn: arn, QueueName: id, QueueUrl: created.QueueUrl! } });
    }

    for (const [id] of resourcesOfType(this.template, 'AWS::ApiGatewayV2::Api'))
      physical.set(id, { ref: 'local', attrs: { ApiEndpoint: appUrl, ApiId: 'local' } });
    for (const [type, ref] of [
      ['AWS::Cognito::UserPool', `${REGION}_local`],
      ['AWS::Cognito::UserPoolClient', 'local-client'],
      ['AWS::Cognito::UserPoolDomain', 'local-login'],
      ['AWS::SES::EmailIdentity', 'local-identity'],
      ['AWS::SES::ConfigurationSet', 'local-configuration-set'],
      ['AWS::SMSVOICE::PhoneNumber', 'local-phone-number'],
      ['AWS::SMSVOICE::SenderId', 'local-sender-id'],
      ['AWS::SMSVOICE::ConfigurationSet', 'local-configuration-set'],
      ['AWS::Logs::LogGroup', 'local-log-group'],
      ['AWS::IAM::Role', 'local-role'],
    ] as const) {
      for (const [id] of resourcesOfType(this.template, type))
        physical.set(id, {
          ref: `${ref}-${id}`,
          attrs: { Arn: `arn:aws:local:${REGION}:${ACCOUNT}:${id}`, ProviderName: 'local', ProviderURL: appUrl },
        });
    }
    const fnDefs = resourcesOfType(this.template, 'AWS::Lambda::Function');
    for (const [id] of fnDefs)
      physical.set(id, { ref: id, attrs: { Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}` } });

    const resolver = new Resolver(physical);

    // The user pool's app clients with the code flow get the local OIDC provider, with their callback and sign-out
    // URLs from the template; the JWT authorizer's audiences are the clients it names.
    const oidcClients = resourcesOfType(this.template, 'AWS::Cognito::UserPoolClient')
      .filter(([, r]) => (r.Properties?.AllowedOAuthFlows ?? []).includes('code'))
      .map(([id, r]) => ({
        clientId: physical.get(id)!.ref,
        redirectUris: resolver.resolve(r.Properties!.CallbackURLs ?? []) as string[],
        postLogoutRedirectUris: resolver.resolve(r.Properties!.LogoutURLs ?? []) as string[],
      }));
    const oidc = await startOidcProvider({
      port: ports.oidc ?? 0,
      clients: oidcClients,
      keyFile: this.opts.dataDir
        ? path.join(path.resolve(this.opts.dataDir), '..', 'oidc-signing-key.json')
        : undefined,
    });
    this.stops.push(oidc.stop);
    const audiences = resourcesOfType(this.template, 'AWS::ApiGatewayV2::Authorizer').flatMap(
      ([, r]) => resolver.resolve(r.Properties?.JwtConfiguration?.Audience ?? []) as string[],
    );
    const log = this.opts.functionLog ?? process.stdout;
    // Every function's worker pipes its stdout and stderr into this one stream: two listeners each, by design.
    log.setMaxListeners(Math.max(log.getMaxListeners(), 2 * fnDefs.length + 10));
    // Each function reaches DynamoDB through its own gate, which allows what its role in the template allows.
    const gateFor = async (id: string): Promise<string> => {
      const gate = await startIamGate(dynamo.endpoint, dynamoActionsOf(this.template, id), id);
      this.stops.push(() => closeServer(gate.server));
      return gate.endpoint;
    };
    for (const [id, r] of fnDefs) {
      const p = r.Properties!;
      const asset = r.Metadata?.['aws:asset:path'];
      if (!asset) throw new Error(`Function ${id} has no asset path: synthesize with asset metadata.`);
      const [file, handlerName] = String(p.Handler).split('.');
      const variables = resolver.resolve(p.Environment?.Variables ?? {}) as Record<string, string>;
      const sesEndpoint = await endpointFor(id, 'ses', sesForFunctions.endpoint);
      this.functions.set(
        id,
        new LocalFunction(
          {
            logicalId: id,
            functionName: id,
            bundle: path.join(assetDir, asset, `${file}.mjs`),
            handlerName: handlerName!,
            timeoutSeconds: p.Timeout ?? 3,
            memoryMb: p.MemorySize ?? 128,
            env: {
              PATH: process.env.PATH ?? '',
              TZ: 'UTC',
              ...variables,
              AWS_REGION: REGION,
              AWS_DEFAULT_REGION: REGION,
              AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
              AWS_ENDPOINT_URL_DYNAMODB: await gateFor(id),
              AWS_ENDPOINT_URL_SQS: await endpointFor(id, 'sqs', sqs.endpoint),
              AWS_ENDPOINT_URL_SESV2: sesEndpoint,
              AWS_ENDPOINT_URL_SES: sesEndpoint,
              AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: sms.endpoint,
              AWS_ENDPOINT_URL_S3: s3.endpoint,
              AWS_LAMBDA_FUNCTION_NAME: id,
              AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(p.MemorySize ?? 128),
              // The local stage signs in against the local provider where AWS has Cognito's issuer and domain.
              ...(variables.AUTH_MODE === 'dev'
                ? { DEV_AUTH_SECRET: devSecret, OIDC_ISSUER: oidc.issuer, OIDC_DOMAIN: oidc.issuer }
                : {}),
            },
          },
          log,
        ),
      );
    }
    this.stops.push(async () => {
      await Promise.all([...this.functions.values()].map((f) => f.stop()));
    });

    const integrations = new Map(resourcesOfType(this.template, 'AWS::ApiGatewayV2::Integration'));
    const routes: LocalRoute[] = resourcesOfType(this.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
      const [method, routePath] = String(r.Properties!.RouteKey).split(' ');
      const integration = integrations.get(targetOf(r.Properties!.Target))!;
      return {
        method: method!,
        path: routePath!,
        fn: this.functions.get(targetOf(integration.Properties!.IntegrationUri))!,
        jwt: r.Properties!.AuthorizationType === 'JWT',
      };
    });
    const server: Server = await startGateway({
      port: appPort,
      routes,
      devSecret,
      oidc: { issuer: oidc.issuer, audiences },
      onRequest: this.opts.onRequest,
      extra: (req, res, body) => this.control(req.method ?? '', req.url ?? '', body, res),
    });
    this.stops.push(() => closeServer(server));

    // The barrier watches the queues a function consumes: a dead-letter queue has no consumer, so a message there
    // causes no more work and would keep the barrier from ever resolving.
    const watched: WatchedQueue[] = [];
    this.barrier = new Quiescence(
      sqsClient,
      () => watched,
      () => [...this.functions.values()],
    );
    for (const [, r] of resourcesOfType(this.template, 'AWS::Lambda::EventSourceMapping')) {
      const p = r.Properties!;
      const queueId = targetOf(p.EventSourceArn);
      const poller = new SqsPoller(sqsClient, {
        queueUrl: queues[queueId]!.url,
        queueArn: queues[queueId]!.arn,
        fn: this.functions.get(targetOf(p.FunctionName))!,
        batchSize: p.BatchSize ?? 10,
        reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
        visibilityTimeoutSeconds: Number(
          queueDefs.find(([id]) => id === queueId)?.[1].Properties?.VisibilityTimeout ?? 30,
        ),
        onError: (e) => this.opts.onError?.(e),
      });
      watched.push({ id: queueId, url: queues[queueId]!.url, waitingRetry: () => poller.waitingRetry() });
      poller.start();
      this.pollers.push(poller);
    }
    this.stops.push(async () => {
      await Promise.all(this.pollers.map((p) => p.stop()));
    });

    if (this.opts.schedules ?? true) {
      for (const [id, r] of resourcesOfType(this.template, 'AWS::Events::Rule')) {
        const p = r.Properties!;
        if (!p.ScheduleExpression || p.State === 'DISABLED') continue;
        for (const target of p.Targets ?? []) {
          const fn = this.functions.get(targetOf(target.Arn))!;
          this.crons.push(
            new Cron(scheduleToCron(p.ScheduleExpression), { protect: false, timezone: 'UTC' }, () => {
              fn.invoke(scheduledEvent(id)).catch((e) => this.opts.onError?.(e as Error));
            }),
          );
        }
      }
    }
    this.stops.push(async () => {
      for (const c of this.crons) c.stop();
    });

    this.info = {
      appUrl,
      mailUrl: ses.endpoint,
      smsUrl: sms.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqs.endpoint,
      tableName,
      queues,
      devSecret,
      oidcUrl: oidc.issuer,
      s3Url: s3.endpoint,
      filesBucket: buckets[0]?.[1] ?? '',
    };
    return this.info;
  }

  /**
   * Synthesizes the app for the local stage, or with `reuseAssembly` reuses the last assembly when nothing it is built
   * from has changed (the source folders and the lock file, fingerprinted), so a restart takes seconds.
   */
  private synthesize(): CloudAssembly {
    const outdir = this.opts.outdir;
    const fingerprint = this.opts.reuseAssembly ? sourceFingerprint() : undefined;
    const stamp = path.join(outdir, 'baosong-fingerprint');
    if (fingerprint && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) {
      try {
        return new CloudAssembly(outdir);
      } catch {
        // An unreadable assembly is synthesized again.
      }
    }
    const assembly = buildApp('local', outdir).app.synth();
    if (fingerprint) writeFileSync(stamp, fingerprint);
    return assembly;
  }

  /** Invokes a function by the start of its logical id (e.g. "CheckOverdue"), as `aws lambda invoke` would. */
  async invoke(name: string, event: unknown = {}): Promise<unknown> {
    const fn = [...this.functions.entries()].find(([id]) => id.startsWith(name))?.[1];
    if (!fn) throw new Error(`No function ${name}`);
    return fn.invoke(event);
  }

  /**
   * Puts on the queue of the template's SES rule the event SES would publish for a bounce or complaint of a mail sent
   * under the template's configuration set (the SES emulator publishes none). Returns the event.
   */
  async sesEvent(input: unknown): Promise<ReturnType<typeof sesEvent>> {
    const queueId = sesEventQueueOf(this.template);
    if (!queueId || !this.sqsClient) throw new Error('The template has no rule for SES events.');
    const [setId] = resourcesOfType(this.template, 'AWS::SES::ConfigurationSet')[0] ?? [];
    const event = sesEvent(input as Parameters<typeof sesEvent>[0], setId ? this.physical.get(setId)!.ref : '');
    await this.sqsClient.send(
      new SendMessageCommand({ QueueUrl: this.info.queues[queueId]!.url, MessageBody: JSON.stringify(event) }),
    );
    return event;
  }

  /**
   * Resolves `{ idle: true }` once every queue a function consumes is empty (visible, in-flight and delayed messages)
   * and no invocation runs, for two checks in a row; after `timeoutMs` it reports what is still busy instead.
   * Tests wait on it before asserting that nothing more happened.
   */
  async idle(timeoutMs = 30_000): Promise<IdleReport> {
    if (!this.barrier) throw new Error('The local stack is not started.');
    return this.barrier.idle(timeoutMs);
  }

  /**
   * Local-only control paths: health, invoking a function (the Lambda Invoke API's part tests need), and the
   * quiescence barrier (`POST /__local/idle`, optional body `{"timeoutMs": N}`).
   */
  private async control(
    method: string,
    url: string,
    body: Buffer,
    res: import('node:http').ServerResponse,
  ): Promise<boolean> {
    if (method === 'POST' && url === '/__local/idle') {
      const answer = await idleResponse(this, body);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      return true;
    }
    if (method === 'POST' && url === '/__local/ses-events') {
      try {
        const event = await this.sesEvent(JSON.parse(body.toString('utf8') || '{}'));
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify(event));
      } catch (err) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errorType: (err as Error).name, errorMessage: (err as Error).message }));
      }
      return true;
    }
    const m = /^\/__local\/functions\/([A-Za-z0-9]+)\/invoke$/.exec(url);
    if (method === 'POST' && m) {
      try {
        const result = await this.invoke(
          m[1]!,
          body.length ? JSON.parse(body.toString('utf8')) : scheduledEvent('manual'),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
      } catch (err) {
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errorType: (err as Error).name, errorMessage: (err as Error).message }));
      }
      return true;
    }
    if (method === 'POST' && url === '/__local/faults/ses') {
      const parsed = (() => {
        try {
          return JSON.parse(body.toString('utf8') || '{}') as { refuseTo?: unknown };
        } catch {
          return undefined;
        }
      })();
      const r = parsed?.refuseTo;
      if (!parsed || (r !== null && (typeof r !== 'string' || r.length < 3))) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"message":"body must be {\\"refuseTo\\": \\"<3+ characters>\\" | null}"}');
        return true;
      }
      this.sesFault.refuseTo = r as string | null;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ refuseTo: r, refused: this.sesFault.refused }));
      return true;
    }
    if (method === 'GET' && url === '/__local/health') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, functions: [...this.functions.keys()] }));
      return true;
    }
    return false;
  }

  private async ensureTable(ddb: DynamoDBClient, name: string, p: Record<string, any>): Promise<void> {
    const exists = await ddb.send(new DescribeTableCommand({ TableName: name })).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const input: CreateTableCommandInput = {
        TableName: name,
        AttributeDefinitions: p.AttributeDefinitions,
        KeySchema: p.KeySchema,
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((g: any) => ({
          IndexName: g.IndexName,
          KeySchema: g.KeySchema,
          Projection: g.Projection,
        })),
      };
      await ddb.send(new CreateTableCommand(input));
      if (p.TimeToLiveSpecification?.Enabled) {
        await ddb
          .send(
            new UpdateTimeToLiveCommand({
              TableName: name,
              TimeToLiveSpecification: { AttributeName: p.TimeToLiveSpecification.AttributeName, Enabled: true },
            }),
          )
          .catch(() => undefined);
      }
      return;
    }
    const described = await ddb.send(new DescribeTableCommand({ TableName: name }));
    const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    const missing = (p.GlobalSecondaryIndexes ?? []).filter((g: any) => !have.has(g.IndexName));
    if (missing.length) {
      throw new Error(
        `Local table ${name} lacks indexes ${missing.map((g: any) => g.IndexName).join(', ')} that the template now defines: delete the local data folder and start again.`,
      );
    }
  }

  private devSecret(): string {
    if (!this.opts.dataDir) return randomBytes(32).toString('base64url');
    const file = path.join(path.resolve(this.opts.dataDir), '..', 'dev-auth-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }

  async stop(): Promise<void> {
    const stops = this.stops.reverse();
    this.stops = [];
    for (const s of stops) await s().catch(() => undefined);
  }
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A hash of everything the assembly is built from: the app's source folders and the lock file. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mjs|js|json)$/.test(entry.name)) hash.update(full).update(readFileSync(full));
    }
  };
  for (const dir of ['functions', 'shared', 'infra']) walk(path.join(ROOT, dir));
  for (const file of ['package-lock.json', 'cdk.json']) hash.update(readFileSync(path.join(ROOT, file)));
  return hash.digest('hex');
}

function scheduledEvent(ruleId: string) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${ruleId}`],
    detail: {},
  };
}

export function fileLog(file: string): Writable {
  mkdirSync(path.dirname(file), { recursive: true });
  return createWriteStream(file, { flags: 'a' });
}
