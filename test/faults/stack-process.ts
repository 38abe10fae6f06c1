/**
 * The local stack in a process of its own, for fault scenario 5 (killed with SIGKILL, started again): DynamoDB Local
 * keeps its data in FAULTS_DATA_DIR, mail goes to the SES emulator at FAULTS_SES (the harness's, which outlives it).
 * Prints the stack's info as one JSON line once it is up.
 */
import { Writable } from 'node:stream';
import { LocalStack } from '../../infra/local/runtime.ts';

const stack = new LocalStack({
  ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
  dataDir: process.env.FAULTS_DATA_DIR!,
  outdir: process.env.FAULTS_OUTDIR!,
  reuseAssembly: true,
  schedules: false,
  sesEndpoint: process.env.FAULTS_SES!,
  functionLog: new Writable({
    write(_c, _e, cb) {
      cb();
    },
  }),
});
const info = await stack.start();
console.log(JSON.stringify(info));
process.on('SIGTERM', () => {
  void stack.stop().then(() => process.exit(0));
});
