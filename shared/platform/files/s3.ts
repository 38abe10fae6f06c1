import { createHash, createHmac } from 'node:crypto';
import type { Agent, IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { HeadResult, PostCondition, PresignedPost } from '../kernel/presigned-post.ts';

/**
 * The few S3 operations attachments need, signed with SigV4 by hand: a presigned POST (browser upload), a presigned
 * GET (download), HEAD, a ranged GET (the first bytes, to tell the file's real type), a server-side copy, a prefix
 * listing and DELETE. Our own rather than `@aws-sdk/client-s3` (hundreds of KiB in a bundle: ARCHITECTURE "Bundle
 * weight"); test/unit/platform/s3.test.ts checks the signatures against `@aws-sdk/s3-request-presigner` and
 * `@aws-sdk/s3-presigned-post`.
 */
export type S3Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type S3Options = {
  bucket: string;
  region: string;
  /** A path-style endpoint (the local emulator, `http://localhost:4569`); without it the bucket's AWS host. */
  endpoint?: string;
  credentials?: () => S3Credentials;
  now?: () => Date;
};

export type { HeadResult, PostCondition, PresignedPost };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 escaping, as SigV4 wants it. */
export const uriEscape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const EMPTY_SHA256 = sha256('');

function envCredentials(): S3Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

const load = createRequire(import.meta.url);
const agents: Record<string, Agent> = {};
type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };
function send(method: string, url: URL, headers: Record<string, string>): Promise<Answer> {
  const mod = load(url.protocol === 'https:' ? 'node:https' : 'node:http') as typeof import('node:http');
  agents[url.protocol] ??= new mod.Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, agent: agents[url.protocol], headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The S3 error an operation failed with: `name` is S3's code (`NoSuchKey`), `status` the HTTP status. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const amzDateOf = (d: Date) => d.toISOString().replace(/[:-]|\.\d{3}/g, '');

export class S3Files {
  private readonly credentials: () => S3Credentials;
  private readonly now: () => Date;
  constructor(private readonly opts: S3Options) {
    this.credentials = opts.credentials ?? envCredentials;
    this.now = opts.now ?? (() => new Date());
  }

  /** Where the browser posts to and downloads from: the bucket's origin (for the pages' CSP). */
  get origin(): string {
    return new URL(this.bucketUrl()).origin;
  }

  private bucketUrl(): string {
    const { endpoint, bucket, region } = this.opts;
    if (endpoint) return `${endpoint.replace(/\/+$/, '')}/${bucket}/`;
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    return `https://${bucket}.s3.${region}.${suffix}/`;
  }

  private objectUrl(key: string): URL {
    return new URL(key.split('/').map(uriEscape).join('/'), this.bucketUrl());
  }

  private signingKey(day: string, secret: string): Buffer {
    return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.opts.region), 's3'), 'aws4_request');
  }

  /**
   * A presigned POST for one key: `fields` go into the form (and into the policy as exact conditions), `conditions`
   * add the rest (`content-length-range`, `starts-with`). The form's file field comes last.
   */
  presignPost(input: {
    key: string;
    fields?: Record<string, string>;
    conditions?: PostCondition[];
    expiresSeconds: number;
  }): PresignedPost {
    const now = this.now();
    const creds = this.credentials();
    const amzDate = amzDateOf(now);
    const day = amzDate.slice(0, 8);
    const credential = `${creds.accessKeyId}/${day}/${this.opts.region}/s3/aws4_request`;
    const fields: Record<string, string> = {
      ...input.fields,
      bucket: this.opts.bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': credential,
      'X-Amz-Date': amzDate,
      ...(creds.sessionToken ? { 'X-Amz-Security-Token': creds.sessionToken } : {}),
    };
    const set = new Set<string>();
    for (const c of input.conditions ?? []) set.add(JSON.stringify(c));
    for (const [k, v] of Object.entries(fields)) set.add(JSON.stringify({ [k]: v }));
    const marker = '${filename}';
    if (input.key.endsWith(marker))
      set.add(JSON.stringify(['starts-with', '$key', input.key.slice(0, input.key.lastIndexOf(marker))]));
    else set.add(JSON.stringify({ key: input.key }));
    const policy = Buffer.from(
      JSON.stringify({
        expiration: iso(new Date(now.getTime() + input.expiresSeconds * 1000)),
        conditions: [...set].map((c) => JSON.parse(c) as unknown),
      }),
      'utf8',
    ).toString('base64');
    const signature = createHmac('sha256', this.signingKey(day, creds.secretAccessKey)).update(policy).digest('hex');
    return {
      url: this.bucketUrl(),
      fields: { ...fields, key: input.key, Policy: policy, 'X-Amz-Signature': signature },
    };
  }

  /** A presigned GET of one object, valid `expiresSeconds`; `query` adds response overrides (`response-content-disposition`). */
  presignGet(key: string, expiresSeconds: number, query: Record<string, string> = {}): string {
    const now = this.now();
    const creds = this.credentials();
    const amzDate = amzDateOf(now);
    const day = amzDate.slice(0, 8);
    const url = this.objectUrl(key);
    const params: Record<string, string> = {
      ...query,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${creds.accessKeyId}/${day}/${this.opts.region}/s3/aws4_request`,
      'X-Amz-Date': amzDate,
      'X-Amz-Expires': String(expiresSeconds),
      'X-Amz-SignedHeaders': 'host',
      ...(creds.sessionToken ? { 'X-Amz-Security-Token': creds.sessionToken } : {}),
    };
    const canonicalQuery = Object.entries(params)
      .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonical = ['GET', url.pathname, canonicalQuery, `host:${url.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join(
      '\n',
    );
    const scope = `${day}/${this.opts.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signature = createHmac('sha256', this.signingKey(day, creds.secretAccessKey)).update(toSign).digest('hex');
    return `${url.origin}${url.pathname}?${canonicalQuery}&X-Amz-Signature=${signature}`;
  }

  /** Signed headers for one request without a body (header form of SigV4). */
  signedHeaders(method: string, url: URL, extra: Record<string, string> = {}): Record<string, string> {
    const now = this.now();
    const creds = this.credentials();
    const amzDate = amzDateOf(now);
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': EMPTY_SHA256 };
    for (const [k, v] of Object.entries(extra)) headers[k.toLowerCase()] = v;
    headers['x-amz-date'] = amzDate;
    if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
    const names = Object.keys(headers).sort();
    const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
    const query = [...url.searchParams]
      .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
      .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonical = [method, url.pathname, query, canonicalHeaders, names.join(';'), EMPTY_SHA256].join('\n');
    const scope = `${day}/${this.opts.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signature = createHmac('sha256', this.signingKey(day, creds.secretAccessKey)).update(toSign).digest('hex');
    const { host: _host, ...out } = headers;
    out.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    return out;
  }

  private async call(method: string, url: URL, extra?: Record<string, string>): Promise<Answer> {
    const headers = this.signedHeaders(method, url, extra);
    // No body: say so, or Node sends a PUT chunked and S3 wants a length.
    if (method === 'PUT') headers['content-length'] = '0';
    const answer = await send(method, url, headers);
    if (answer.status >= 300 && !(method === 'HEAD' && answer.status === 404)) {
      const text = answer.body.toString('utf8');
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `Http${answer.status}`;
      throw new S3Error(code, answer.status, /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? code);
    }
    return answer;
  }

  /** The stored object's size, type and user metadata (`x-amz-meta-*`, names without the prefix); undefined if absent. */
  async head(key: string): Promise<HeadResult | undefined> {
    const answer = await this.call('HEAD', this.objectUrl(key));
    if (answer.status === 404) return undefined;
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers))
      if (k.startsWith('x-amz-meta-')) metadata[k.slice('x-amz-meta-'.length)] = String(v);
    return {
      size: Number(answer.headers['content-length'] ?? 0),
      contentType: String(answer.headers['content-type'] ?? 'binary/octet-stream'),
      metadata,
    };
  }

  /** The first `length` bytes of an object (fewer if it is shorter). */
  async firstBytes(key: string, length: number): Promise<Buffer> {
    const answer = await this.call('GET', this.objectUrl(key), { range: `bytes=0-${length - 1}` });
    return answer.body.subarray(0, length);
  }

  /** Copies an object inside the bucket (server side, up to 5 GB). */
  async copy(from: string, to: string): Promise<void> {
    // `$` stays as it is: S3 decodes either form, and the emulator (decodeURI) would keep `%24` of `${filename}`.
    const source = `/${this.opts.bucket}/${from
      .split('/')
      .map((seg) => uriEscape(seg).replace(/%24/g, '$'))
      .join('/')}`;
    const answer = await this.call('PUT', this.objectUrl(to), { 'x-amz-copy-source': source });
    // A copy can fail after its 200 has started: the error is then in the body.
    if (/<Error>/.test(answer.body.toString('utf8'))) throw new S3Error('CopyFailed', 500, 'copy failed');
  }

  /** The keys under a prefix (the first thousand: attachments list a handful). */
  async list(prefix: string): Promise<string[]> {
    const url = new URL(this.bucketUrl());
    url.searchParams.set('list-type', '2');
    url.searchParams.set('prefix', prefix);
    const text = (await this.call('GET', url)).body.toString('utf8');
    return [...text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeXml(m[1]!));
  }

  async delete(key: string): Promise<void> {
    await this.call('DELETE', this.objectUrl(key));
  }
}

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e]) return named[e]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
