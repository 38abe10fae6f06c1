// Runs one Lambda bundle inside a worker thread, with the function's own process.env (set by the host).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const mod = await import(pathToFileURL(workerData.bundle).href);
const handler = mod[workerData.handlerName];
if (typeof handler !== 'function') throw new Error(`${workerData.bundle} exports no ${workerData.handlerName}`);

parentPort.on('message', async ({ id, event, deadlineMs }) => {
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
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({
      id,
      error: { name: err?.name ?? 'Error', message: err?.message ?? String(err), stack: err?.stack },
    });
  }
});
parentPort.postMessage({ ready: true });
