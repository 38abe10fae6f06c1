/**
 * `npx tsx test/bench/clients.ts`: per-call latency of the SDK's document client against the bundles' light one
 * (infra/constructs/aws-lite), 300 PutItem + GetItem pairs in turn against one DynamoDB Local (README "Benchmarks").
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as sdk from '@aws-sdk/lib-dynamodb';
import { freePort, startDynamoDb } from '../../infra/local/emulators.ts';
import * as lite from '../../infra/constructs/aws-lite/dynamodb.ts';

const db = await startDynamoDb(await freePort());
process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
try {
  const raw = new DynamoDBClient({});
  await raw.send(
    new CreateTableCommand({
      TableName: 'bench',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    }),
  );
  const a = sdk.DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const b = lite.DynamoDBDocumentClient.from(new lite.DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const item = { PK: 'x', title: '基准', n: 1, chain: [{ level: 1, name: '甲', state: 'pending' }] };
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < 300; i++) {
    let t = performance.now();
    await a.send(new sdk.PutCommand({ TableName: 'bench', Item: { ...item, PK: `a${i}` } }));
    await a.send(new sdk.GetCommand({ TableName: 'bench', Key: { PK: `a${i}` } }));
    ta.push(performance.now() - t);
    t = performance.now();
    await b.send(new lite.PutCommand({ TableName: 'bench', Item: { ...item, PK: `b${i}` } }));
    const got = await b.send(new lite.GetCommand({ TableName: 'bench', Key: { PK: `b${i}` } }));
    tb.push(performance.now() - t);
    if ((got.Item as { title?: string })?.title !== '基准') throw new Error('lite read back wrong');
  }
  const p = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(q * xs.length)]!;
  console.log(
    `put+get, 300 pairs in turn: SDK p50 ${p(ta, 0.5).toFixed(1)} ms p95 ${p(ta, 0.95).toFixed(1)}; light p50 ${p(tb, 0.5).toFixed(1)} ms p95 ${p(tb, 0.95).toFixed(1)}`,
  );
} finally {
  await db.stop();
}
