import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import path from 'node:path';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { StartupError } from './emulators.ts';
import { fileLog, LocalStack } from './runtime.ts';
import { DEMO_ACCOUNTS, seedDemo, seedDemoHistory } from './seed-demo.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const port = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`${name}=${v} is not a port number (1–65535).`);
    process.exit(1);
  }
  return n;
};

/** `npm start`: the whole system on this machine, with the demo organisation. */
async function main() {
  const dataRoot = path.resolve(process.env.BAOSONG_DATA_DIR ?? path.join(ROOT, '.local'));
  const stack = new LocalStack({
    ports: {
      app: port('BAOSONG_PORT', 3000),
      dynamodb: port('BAOSONG_DYNAMODB_PORT', 8000),
      sqs: port('BAOSONG_SQS_PORT', 9324),
      ses: port('BAOSONG_SES_PORT', 8005),
      oidc: port('BAOSONG_OIDC_PORT', 8006),
      sms: port('BAOSONG_SMS_PORT', 8007),
      s3: port('BAOSONG_S3_PORT', 4569),
    },
    dataDir: path.join(dataRoot, 'dynamodb'),
    outdir: path.join(ROOT, 'cdk.out.local'),
    reuseAssembly: true,
    functionLog: fileLog(path.join(dataRoot, 'logs', 'functions.log')),
    onRequest: (line) => console.log(`  ${new Date().toLocaleTimeString('zh-CN', { hour12: false })} ${line}`),
    onError: (err) => console.error(`  ! ${err.message}`),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const info = await stack.start();
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: info.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const { created } = await seedDemo(new OrgRepo(db, info.tableName));
  const history = await seedDemoHistory(db, info.tableName);

  console.log(`
baosong is running on this machine.

  App:          ${info.appUrl}            (sign in with a demo e-mail below)
  Sign-in:      ${info.oidcUrl}            (the local OIDC provider: plays Cognito's managed login)
  Mail viewer:  ${info.mailUrl}            (every mail the system sends lands here)
  SMS viewer:   ${info.smsUrl}            (every text message; JSON at /messages)
  S3 emulator:  ${info.s3Url}            (attachments; s3rver, path style)
  API docs:     ${info.appUrl}/openapi.json
  Data:         ${path.join(dataRoot, 'dynamodb')}  (kept across restarts; delete it to start afresh)
  Function logs: ${path.join(dataRoot, 'logs', 'functions.log')}

Demo organisation ${created ? 'created' : 'already present'}: 示范县融媒体中心 (under 示范市委办公室)${history.seeded ? `, with ${history.months} months of demo history (charts at /dashboard and /scores; never mailed)` : ''}
${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(24)} ${a.note}`).join('\n')}

Press Ctrl-C to stop everything.
`);
}

main().catch((err) => {
  if (err instanceof StartupError) console.error(`Cannot start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
