import { createHash, createHmac } from 'node:crypto';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 escaping, as SigV4 wants it for query keys and values. */
const uriEscape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signs one request with AWS Signature Version 4 (header form): returns the headers to send, `x-amz-date`, the
 * session token when there is one and `authorization` added. `host` is signed but left out of the result (the
 * request sets it from the URL). test/unit/infra/aws-lite.test.ts checks the signature against @smithy/signature-v4's.
 */
export function signRequest(
  req: { method: string; url: URL; headers: Record<string, string>; body: string },
  opts: { service: string; region: string; credentials: Credentials; now?: Date },
): Record<string, string> {
  const amzDate = (opts.now ?? new Date()).toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers.host = req.url.host;
  headers['x-amz-date'] = amzDate;
  if (opts.credentials.sessionToken) headers['x-amz-security-token'] = opts.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const query = [...req.url.searchParams]
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path = req.url.pathname
    .split('/')
    .map((seg) => uriEscape(decodeURIComponent(seg)))
    .join('/');
  const canonical = [req.method, path || '/', query, canonicalHeaders, signedHeaders, sha256(req.body)].join('\n');
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${opts.credentials.secretAccessKey}`, day), opts.region), opts.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const { host: _host, ...out } = headers;
  const credential = `${opts.credentials.accessKeyId}/${scope}`;
  out.authorization = `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return out;
}
