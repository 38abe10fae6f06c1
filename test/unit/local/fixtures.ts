import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startIamGate } from '../../../infra/local/iam-gate.ts';

export type GatedDynamo = { client: DynamoDBClient; close: () => Promise<void> };

/**
 * A DynamoDB client that reaches a stand-in DynamoDB (`upstream`) through the local IAM gate with `actions` allowed
 * for `functionId`: the gate tests and the trace tests look at what the gate lets through and what it forwards.
 */
export async function gatedDynamo(
  upstream: RequestListener,
  actions: Set<string>,
  functionId: string,
): Promise<GatedDynamo> {
  const server = createServer(upstream);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const started = await startIamGate(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, actions, functionId);
  const client = new DynamoDBClient({
    endpoint: started.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    client,
    close: async () => {
      client.destroy();
      await closed(started.server);
      await closed(server);
    },
  };
}

const closed = (server: Server) => new Promise((r) => server.close(r));
