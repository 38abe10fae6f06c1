import { createServer, request, type Server } from 'node:http';

/**
 * A fault in front of the SES emulator, for tests of what SES being down does (issue 15): while `refuseTo` is set,
 * every send to an address containing it is answered 503, as SES answers when it is unavailable; everything else,
 * and everything once it is cleared, passes to the emulator. Scoped by address so tests running beside one another
 * are not touched. `POST /__local/faults/ses` `{"refuseTo": "<part of an address>" | null}`.
 */
export class SesFault {
  refuseTo: string | null = null;
  refused = 0;

  async start(target: string): Promise<{ endpoint: string; server: Server }> {
    const to = new URL(target);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const needle = this.refuseTo;
        if (needle && req.method === 'POST' && body.toString('utf8').includes(needle)) {
          this.refused++;
          res
            .writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' })
            .end(JSON.stringify({ message: 'SES is unavailable (local fault)' }));
          return;
        }
        const fwd = request(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        fwd.on('error', (e) => res.writeHead(502).end(String(e)));
        fwd.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
  }
}
