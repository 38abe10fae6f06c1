/** Where a use case logs: structured, one line per call. */
export type Log = {
  info(msg: string, extra?: object): void;
  warn(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
};

/** What every use case gets from its environment: the clock (time is an input), new ids, a log. */
export type Runtime = { clock: () => Date; ids: () => string; log: Log };
