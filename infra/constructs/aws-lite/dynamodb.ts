import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AwsCommand, callAws, commandOf, dnsSuffix, endpointOf, type Service } from './call.ts';

/**
 * What the bundles take instead of `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb` (esbuild aliases in
 * `BaosongFunction`): the document client's commands as plain signed JSON calls (DynamoDB's JSON 1.0 protocol), with
 * the SDK's own marshalling (`@aws-sdk/util-dynamodb`) and retries. The handlers' code is unchanged; what the bundles
 * leave out is the SDK's generic machinery (@smithy/core, the client's schemas, endpoint rules), about 200 KiB of
 * every bundle. Only the commands below exist: a bundle importing another fails at synth, by name. Tests and the
 * local tools run the real SDK; the stack tests run these through the bundles against DynamoDB Local.
 */
const DYNAMODB: Service = {
  signingName: 'dynamodb',
  endpointEnv: 'AWS_ENDPOINT_URL_DYNAMODB',
  host: (region) => `dynamodb.${region}.${dnsSuffix(region)}`,
  // Single-digit milliseconds when well; a call still unanswered after 6 s (retries included) is a stalled table.
  timeoutMs: 6_000,
};

type Doc = Record<string, unknown>;
type MarshallOptions = { removeUndefinedValues?: boolean; convertEmptyValues?: boolean };
type TranslateConfig = { marshallOptions?: MarshallOptions; unmarshallOptions?: { wrapNumbers?: boolean } };

/** The low-level client: only its configuration is used (`maxAttempts`). */
export class DynamoDBClient {
  constructor(readonly config: { maxAttempts?: number; endpoint?: string } = {}) {}
  destroy(): void {}
}

/** Input fields holding one item (a map of attributes) and those holding a list of them. */
const ONE = new Set(['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey']);
const MANY = new Set(['Keys']);

export function toWire(value: unknown, opts: MarshallOptions): unknown {
  if (Array.isArray(value)) return value.map((v) => toWire(v, opts));
  if (typeof value !== 'object' || value === null) return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (ONE.has(k)) out[k] = marshall(v as Doc, opts);
    else if (MANY.has(k)) out[k] = (v as Doc[]).map((i) => marshall(i, opts));
    else out[k] = toWire(v, opts);
  }
  return out;
}

/** Output fields holding one item, and `Items`; BatchGetItem's `Responses` is a table → items map. */
const OUT_ONE = new Set(['Item', 'Attributes', 'LastEvaluatedKey', 'Key']);

export function fromWire(value: unknown, opts: TranslateConfig['unmarshallOptions']): unknown {
  if (Array.isArray(value)) return value.map((v) => fromWire(v, opts));
  if (typeof value !== 'object' || value === null) return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) {
    if (OUT_ONE.has(k) && v && typeof v === 'object' && !Array.isArray(v)) out[k] = unmarshall(v as never, opts);
    else if ((k === 'Items' || k === 'Keys') && Array.isArray(v)) out[k] = v.map((i) => unmarshall(i, opts));
    else if (k === 'Responses' && v && !Array.isArray(v))
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, Doc[]>).map(([t, items]) => [
          t,
          items.map((i) => unmarshall(i as never, opts)),
        ]),
      );
    else out[k] = fromWire(v, opts);
  }
  return out;
}

const command = (operation: string) => commandOf<Doc>(operation);

export const GetCommand = command('GetItem');
export const PutCommand = command('PutItem');
export const UpdateCommand = command('UpdateItem');
export const DeleteCommand = command('DeleteItem');
export const QueryCommand = command('Query');
export const ScanCommand = command('Scan');
export const BatchGetCommand = command('BatchGetItem');
export const BatchWriteCommand = command('BatchWriteItem');
export const TransactWriteCommand = command('TransactWriteItems');
export const TransactGetCommand = command('TransactGetItems');

export class DynamoDBDocumentClient {
  private constructor(
    private readonly client: DynamoDBClient,
    private readonly translate: TranslateConfig,
  ) {}

  static from(client: DynamoDBClient, translate: TranslateConfig = {}): DynamoDBDocumentClient {
    return new DynamoDBDocumentClient(client, translate);
  }

  async send(cmd: AwsCommand<Doc>): Promise<Doc> {
    const out = await callAws(DYNAMODB, {
      endpoint: endpointOf(DYNAMODB, this.client.config.endpoint),
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${cmd.operation}`,
      },
      body: toWire(cmd.input, this.translate.marshallOptions ?? {}),
      maxAttempts: this.client.config.maxAttempts,
    });
    return fromWire(out, this.translate.unmarshallOptions) as Doc;
  }

  destroy(): void {}
}

async function* paginate(Cmd: typeof QueryCommand, config: { client: DynamoDBDocumentClient }, input: Doc) {
  let start: unknown = input.ExclusiveStartKey;
  do {
    const page = await config.client.send(new Cmd({ ...input, ExclusiveStartKey: start }));
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}
export const paginateQuery = (config: { client: DynamoDBDocumentClient }, input: Doc) =>
  paginate(QueryCommand, config, input);
export const paginateScan = (config: { client: DynamoDBDocumentClient }, input: Doc) =>
  paginate(ScanCommand, config, input);
