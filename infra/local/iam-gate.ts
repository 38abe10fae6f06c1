import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourcesOfType, targetOf, type Template } from './template.ts';
import { recordCapacity, trace, withCapacity } from './trace.ts';

/**
 * The DynamoDB actions a function's role allows, read from the template's IAM policies attached to its role
 * (`dynamodb:*`-style wildcards included). On AWS a function granted read access that writes fails with
 * AccessDeniedException; DynamoDB Local has no IAM, so without this a missing grant is only found in production.
 */
export function dynamoActionsOf(template: Template, functionId: string): Set<string> {
  const fn = template.Resources[functionId];
  const roleId = fn?.Properties?.Role ? targetOf(fn.Properties.Role) : undefined;
  const out = new Set<string>();
  if (!roleId) return out;
  for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((r) => targetOf(r) === roleId)) continue;
    for (const st of (policy.Properties?.PolicyDocument?.Statement ?? []) as {
      Effect?: string;
      Action?: string | string[];
    }[]) {
      if (st.Effect !== 'Allow') continue;
      for (const a of [st.Action ?? []].flat()) if (a.startsWith('dynamodb:') || a === '*') out.add(a);
    }
  }
  return out;
}

/** The IAM actions a DynamoDB request needs: a transaction needs the action of each of its items. */
export function actionsOfRequest(target: string, body: string): string[] {
  const op = target.split('.').pop() ?? '';
  if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
    const items = (JSON.parse(body || '{}') as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
    const kind: Record<string, string> = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
      Get: 'GetItem',
    };
    return [...new Set(items.flatMap((i) => Object.keys(i).map((k) => `dynamodb:${kind[k] ?? k}`)))];
  }
  return [`dynamodb:${op}`];
}

const allows = (granted: Set<string>, action: string) =>
  granted.has(action) ||
  granted.has('*') ||
  granted.has('dynamodb:*') ||
  [...granted].some((g) => g.endsWith('*') && action.startsWith(g.slice(0, -1)));

/**
 * A pass-through endpoint in front of DynamoDB Local that answers a request the role does not allow with DynamoDB's
 * own AccessDeniedException, as AWS would, naming the function.
 */
export async function startIamGate(
  target: string,
  granted: Set<string>,
  functionId: string,
): Promise<{ endpoint: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = String(req.headers['x-amz-target'] ?? '');
      const denied = header ? actionsOfRequest(header, body.toString('utf8')).filter((a) => !allows(granted, a)) : [];
      if (denied.length) {
        const message = `User: arn:aws:sts::000000000000:assumed-role/${functionId}-role/${functionId} is not authorized to perform: ${denied.join(', ')} (local IAM gate: the function's role in the template does not grant it)`;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'local-iam-gate' });
        res.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message }));
        return;
      }
      // While tracing, DynamoDB is asked for the request's consumed capacity and the answer is read on its way back.
      const traced = trace.enabled && trace.capacity && header ? withCapacity(header, body) : undefined;
      const sent = traced?.asked ? traced.body : body;
      const headers = traced?.asked ? { ...req.headers, 'content-length': String(sent.length) } : req.headers;
      const forward = request(
        { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          if (traced) {
            const answer: Buffer[] = [];
            up.on('data', (c: Buffer) => answer.push(c));
            up.on('end', () => recordCapacity(functionId, header, sent, Buffer.concat(answer)));
          }
          up.pipe(res);
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
      forward.end(sent);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
