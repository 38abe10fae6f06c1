// Runs one Lambda bundle inside a worker thread, with the function's own process.env (set by the host).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import diagnostics from 'node:diagnostics_channel';

// The local runtime's trace (infra/local/trace.ts): while an invocation is traced, each HTTP call the function makes
// to an AWS endpoint of its environment is kept (service, operation, duration) and sent back with the result.
const services = Object.entries(process.env)
  .filter(([k]) => k.startsWith('AWS_ENDPOINT_URL_'))
  .map(([k, v]) => [new URL(v).port, k.slice('AWS_ENDPOINT_URL_'.length).toLowerCase()]);
const serviceOf = (port) => services.find(([p]) => p === String(port))?.[1] ?? 'other';
let calls;
const started = new WeakMap();
diagnostics.subscribe('http.client.request.start', ({ request }) => {
  if (calls) started.set(request, Date.now());
});
diagnostics.subscribe('http.client.response.finish', ({ request, response }) => {
  const start = started.get(request);
  if (!calls || start === undefined) return;
  const target = String(request.getHeader('x-amz-target') ?? '');
  const port = request.socket?.remotePort ?? request.getHeader('host')?.split(':')[1];
  const restOp = /\/v2\/email\/outbound-emails$/.test(request.path) ? 'SendEmail' : `${request.method} ${request.path}`;
  calls.push({
    service: serviceOf(port),
    operation: target ? target.split('.').pop() : restOp,
    start,
    end: Date.now(),
    status: response.statusCode,
  });
});

const mod = await import(pathToFileURL(workerData.bundle).href);
const handler = mod[workerData.handlerName];
if (typeof handler !== 'function') throw new Error(`${workerData.bundle} exports no ${workerData.handlerName}`);

parentPort.on('message', async ({ id, event, deadlineMs, trace }) => {
  // While tracing, when the worker got the invocation and when it answered: the two thread hops around the handler.
  const began = trace ? Date.now() : undefined;
  calls = trace ? [] : undefined;
  const context = {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.arn,
    memoryLimitInMB: String(workerData.memoryMb),
    awsRequestId: id,
    logGroupName: `/aws/lambda/${workerData.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, result, calls, hops: began && { began, answered: Date.now() } });
  } catch (err) {
    parentPort.postMessage({
      id,
      calls,
      hops: began && { began, answered: Date.now() },
      error: { name: err?.name ?? 'Error', message: err?.message ?? String(err), stack: err?.stack },
    });
  }
});
parentPort.postMessage({ ready: true });
