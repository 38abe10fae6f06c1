import { describe, expect, it } from 'vitest';
import { fuzz, summary } from '../../fuzz/fuzz.ts';
import { api, givenOrg, signIn, stack } from '../../support/scenario.ts';

/**
 * Issue 15, item 5. The fuzzer (test/fuzz/) over every route of the route table, 200 cases each, in-process through
 * the real routers and handlers on the stack's DynamoDB Local (HTTP through the local gateway is about four times
 * slower); `npm run fuzz` runs 10,000 per route. Then the answers that only the gateway gives, over HTTP.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

describe('every route of the route table, fuzzed', () => {
  it(`answers ${RUNS} malformed, oversized and type-confused requests per route: no 5xx, the envelope, nothing written on refusal`, async () => {
    const report = await fuzz({
      endpoint: stack().dynamoEndpoint,
      sourceTable: stack().tableName,
      runsPerRoute: RUNS,
      // One lane beside the other test files on a 2-core machine: three starved their browser flows of CPU.
      lanes: Number(process.env.FUZZ_LANES ?? 1),
      seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
    });
    console.log(summary(report, RUNS));
    expect(report.failures.map((f) => `${f.route}: ${f.error}\n${f.request}`)).toEqual([]);
    expect(report.fiveXX).toBe(0);
    expect(report.requests).toBeGreaterThanOrEqual(report.routes * RUNS);
  }, 900_000);
});

describe('through the gateway', () => {
  it('a path id over 1 KB is 404 with the envelope, never DynamoDB’s key-size limit as a 500', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const long = 'a'.repeat(2048);
    for (const path of [`/api/orgs/${long}`, `/api/items/${long}`, `/api/reports/${long}`, '/api/orgs/%00']) {
      const r = await api('GET', path, { token });
      expect([path.slice(0, 20), r.status, r.body.error?.code]).toEqual([path.slice(0, 20), 404, 'NOT_FOUND']);
      expect(r.body.error.details).toEqual([expect.objectContaining({ code: 'malformed_id' })]);
    }
  });

  it('an unknown URL outside /api is the HTML 404 page; under /api the JSON 404 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/no-such-page'],
      ['POST', '/no/such/form'],
      ['GET', '/reports/x/y/z'],
    ] as const) {
      const r = await api(method, path);
      expect([method, path, r.status, r.headers.get('content-type')]).toEqual([
        method,
        path,
        404,
        'text/html; charset=utf-8',
      ]);
      expect(r.body).toContain('找不到页面');
    }
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await api(method, '/api/no-such-thing');
      expect([method, r.status, r.body]).toEqual([
        method,
        404,
        { error: { code: 'NOT_FOUND', message: '接口不存在或您无权查看。', details: [] } },
      ]);
    }
  });
});
