import { createServer, request, type IncomingMessage, type Server } from 'node:http';

/** One call a function makes to an emulated service, as the fault proxy sees it. */
export type ProxiedCall = { fn: string; service: 'ses' | 'sqs'; operation: string; body: string };

/**
 * What the proxy does with a call: forward it (`pass`), answer 503 ServiceUnavailable without forwarding (`refuse`),
 * answer 200 as if it had been done without forwarding it (`drop`: a message lost after it was accepted), or wait
 * `delayMs` first and then forward (dropped if the caller has gone by then).
 */
export type FaultAction = 'pass' | 'refuse' | 'drop' | { delayMs: number };
export type FaultRule = (call: ProxiedCall) => FaultAction;

/**
 * Test-only (`LocalStackOptions.faults`): an HTTP proxy in front of one emulator for one function, so a fault test can
 * refuse, lose or slow that function's calls to SES or SQS. Without a rule every call passes; `npm start` and the
 * ordinary tests never start one.
 */
export class FaultProxy {
  private server: Server | undefined;
  endpoint = '';

  constructor(
    private readonly fn: string,
    private readonly service: 'ses' | 'sqs',
    private readonly target: string,
    private readonly rule: () => FaultRule | undefined,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        const operation = operationOf(req, body);
        const action =
          this.rule()?.({ fn: this.fn, service: this.service, operation, body: body.toString('utf8') }) ?? 'pass';
        if (action === 'refuse') {
          res
            .writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' })
            .end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'fault injected: service unavailable' }));
          return;
        }
        if (action === 'drop') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ MessageId: `lost-${Date.now()}`, MD5OfMessageBody: '' }));
          return;
        }
        if (typeof action === 'object') {
          await new Promise((r) => setTimeout(r, action.delayMs));
          if (req.socket.destroyed) return;
        }
        const up = request(
          new URL(req.url ?? '/', this.target),
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        up.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** SQS's JSON protocol names the operation in X-Amz-Target; SES v2's REST paths name it by the path. */
function operationOf(req: IncomingMessage, _body: Buffer): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  if (/\/v2\/email\/outbound-emails/.test(req.url ?? '')) return 'SendEmail';
  return `${req.method} ${req.url}`;
}
