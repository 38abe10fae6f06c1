import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { verifyIdToken } from '../../shared/platform/auth/oidc.ts';
import { verifyDevToken } from '../../shared/platform/auth/tokens.ts';
import type { LocalFunction } from './lambda-host.ts';
import { trace } from './trace.ts';

export type LocalRoute = { method: string; path: string; fn: LocalFunction; jwt: boolean };

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's own payload limit.

function compile(path: string): RegExp {
  const pattern = path
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)(\+?)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return m[2] ? `(?<${m[1]}>.+)` : `(?<${m[1]}>[^/]+)`;
    })
    .join('/');
  return new RegExp(`^${pattern}$`);
}

/**
 * Plays API Gateway HTTP API (payload format 2.0) for the routes of the template: matches the route key,
 * runs the JWT authorizer on routes that have one (the local provider's ID tokens by its JWKS; dev tokens), invokes the function and
 * writes its structured result. `extra` answers local-only paths (under /__local/) before routing.
 */
export function startGateway(opts: {
  port: number;
  routes: LocalRoute[];
  devSecret: string;
  /** The JWT authorizer's issuer (the local OIDC provider) and audiences (the template's app clients). */
  oidc?: { issuer: string; audiences: string[] };
  onRequest?: (line: string) => void;
  extra?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;
}): Promise<Server> {
  const compiled = opts.routes.map((r) => ({ ...r, re: compile(r.path), routeKey: `${r.method} ${r.path}` }));
  // Static paths win over parameterised ones, and a greedy `{proxy+}` comes last (the longer prefix first), as in
  // API Gateway.
  const rank = (p: string) => (p.includes('+}') ? 2 : p.includes('{') ? 1 : 0);
  compiled.sort((a, b) => rank(a.path) - rank(b.path) || (rank(a.path) === 2 ? b.path.length - a.path.length : 0));

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      chunks.push(c as Buffer);
    }
    const body = Buffer.concat(chunks);
    try {
      if (url.pathname.startsWith('/__local/') && opts.extra && (await opts.extra(req, res, body))) return;
      const method = req.method ?? 'GET';
      const route = compiled.find((r) => r.method === method && r.re.test(url.pathname));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      let authorizer: { jwt: { claims: Record<string, unknown>; scopes: null } } | undefined;
      if (route.jwt) {
        const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
        try {
          if (!token) throw new Error('no token');
          // As API Gateway's JWT authorizer: the issuer's JWKS, issuer and audience; a dev sign-in token (HS256) by
          // the local secret.
          const claims =
            decodeProtectedHeader(token).alg === 'HS256' || !opts.oidc
              ? await verifyDevToken(token, opts.devSecret)
              : await verifyIdToken(token, opts.oidc);
          authorizer = { jwt: { claims: { ...claims }, scopes: null } };
        } catch {
          res
            .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' })
            .end('{"message":"Unauthorized"}');
          opts.onRequest?.(`${method} ${url.pathname} 401 (authorizer)`);
          return;
        }
      }
      const isText = /^(application\/(json|x-www-form-urlencoded)|text\/)/.test(
        headers['content-type'] ?? 'text/plain',
      );
      const now = new Date();
      const requestId = randomUUID();
      const event = {
        version: '2.0',
        routeKey: route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: headers.cookie ? headers.cookie.split(';').map((c) => c.trim()) : undefined,
        headers,
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters: route.re.exec(url.pathname)?.groups,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'localhost',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey: route.routeKey,
          stage: '$default',
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          ...(authorizer ? { authorizer } : {}),
        },
        body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
        isBase64Encoded: body.length > 0 && !isText,
      };
      const result = (await route.fn.invoke(event)) as
        | {
            statusCode?: number;
            headers?: Record<string, string>;
            cookies?: string[];
            body?: string;
            isBase64Encoded?: boolean;
          }
        | string
        | undefined;
      const structured = typeof result === 'object' && result !== null && 'statusCode' in result;
      const status = structured ? (result.statusCode ?? 200) : 200;
      const outHeaders: Record<string, string | string[]> = structured
        ? { ...(result.headers ?? {}) }
        : { 'content-type': 'application/json' };
      if (structured && result.cookies?.length) outHeaders['set-cookie'] = result.cookies;
      const payload = structured
        ? result.isBase64Encoded
          ? Buffer.from(result.body ?? '', 'base64')
          : (result.body ?? '')
        : JSON.stringify(result ?? null);
      res.writeHead(status, outHeaders).end(payload);
      if (trace.enabled)
        trace.record({ kind: 'gateway', requestId, routeKey: route.routeKey, status, start: started, end: Date.now() });
      opts.onRequest?.(`${method} ${url.pathname} ${status} ${Date.now() - started}ms`);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      opts.onRequest?.(`${req.method} ${url.pathname} 500 ${(err as Error).message}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve(server));
  });
}
