/**
 * The scenario helpers of the integration and e2e tests, one set for all: given… (the data a test starts from),
 * when… (what happens, over the running stack's HTTP API, schedules and queues), then… (what the system did: mails,
 * records), over the stack itself (HTTP calls, sign-in, the quiescence barrier, the table's repositories).
 */
export * from './stack.ts';
export * from './given.ts';
export * from './when.ts';
export * from './then.ts';
