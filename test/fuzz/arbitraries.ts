import fc from 'fast-check';
import * as z from 'zod';
import type { Route } from '../../shared/app/routes.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';
import { MAX_BODY_BYTES } from '../../shared/platform/http/api-handler.ts';
import { encode, type Fixture, type Request, type RoleKey } from './lane.ts';

/**
 * What the fuzzer sends: for one route of the route table, requests whose path ids, query, headers and body are
 * malformed, oversized or of the wrong type — mixed with well-formed ones from the lane's fixture, so that a bad
 * field also arrives past the checks in front of it (a real id, a real caller, a body valid but for one field).
 */

/** Strings that have broken parsers and key builders before: traversal, NUL, emoji, keys of our own, over 1 KB. */
const NASTY = [
  '',
  ' ',
  '%00',
  '\u0000',
  'a\u0000b',
  '😀',
  '👨‍👩‍👧‍👦',
  '\uD800',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  '..',
  '.',
  '/',
  '\\',
  'a/b',
  '#',
  'ORG#x',
  'REPORT#',
  '%',
  '%E4%B8',
  '%ZZ',
  '+',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e999',
  '9007199254740993',
  '\r\nX-Injected: 1',
  '\u202e',
  '\uFEFF',
  '　',
  'x'.repeat(1025),
  'x'.repeat(2048),
  '中'.repeat(700),
  '😀'.repeat(600),
  '%00'.repeat(400),
  '../'.repeat(400),
];
export const nasty = fc.constantFrom(...NASTY);

/** Any string at all, nasty first. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: nasty, weight: 4 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 1025, maxLength: 3000 }), weight: 1 },
);

/** A JSON value of any type, often not the one the field wants. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: anyString, weight: 4 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(anyString, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.constant(Array.from({ length: 2000 }, (_, i) => i)), weight: 1 },
);

const QUERY_KEYS = [
  'limit',
  'cursor',
  'status',
  'departmentId',
  'responsibleOrgId',
  'from',
  'to',
  'at',
  'view',
  'month',
  'quarter',
  'year',
  'week',
  'format',
  'kind',
  'state',
  'ok',
  'done',
  'submitted',
  'next',
];

/** Cursors: garbage, base64url of JSON of every shape, and keys of our own table pointing anywhere. */
const cursor = (f: Fixture) =>
  fc.oneof(
    anyString,
    fc
      .oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(fc.constantFrom('PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'x'), anyString, {
          maxKeys: 5,
        }),
        fc.constant({ PK: `ORG#${f.orgId}`, SK: 'REPORT#zzz' }),
        fc.constant({ GSI1PK: keys.orgReports(f.orgId), GSI1SK: '9999', PK: 'REPORT#x', SK: 'REPORT#x' }),
        fc.constant({ GSI1PK: keys.orgReports(f.otherOrgId), GSI1SK: '0', PK: 'REPORT#x', SK: 'REPORT#x' }),
        fc.constant({ PK: `ORG#${f.otherOrgId}`, SK: 'ORG' }),
      )
      .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  );

/** Values a field of the API plausibly takes, so that the wrong ones around them get further. */
const plausible = (f: Fixture) =>
  fc.oneof(
    fc.constantFrom(
      f.orgId,
      f.otherOrgId,
      f.newsId,
      f.officeId,
      f.reportId,
      f.itemId,
      ...[f.periodId, f.phonedReportId].filter((x): x is string => !!x),
      ...Object.values(f.people).map((p) => p.personId),
      ...Object.values(f.people).map((p) => p.email),
    ),
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.constantFrom('2026-11', '2026-13', '2026-Q4', '2026-Q5', '2026', '2026-W48', '2026-02-30', 'csv', 'mine'),
    fc.constantFrom('I', 'II', 'III', 'IV', 'safety', 'approve', 'return', 'adopt', 'reject', 'confirm', 'dismiss'),
    fc.integer({ min: -5, max: 200 }).map(String),
  );

const queryOf = (f: Fixture) =>
  fc.dictionary(
    fc.oneof({ arbitrary: fc.constantFrom(...QUERY_KEYS), weight: 5 }, { arbitrary: anyString, weight: 1 }),
    fc.oneof(anyString, plausible(f), cursor(f)),
    { maxKeys: 5 },
  );

/** A path id: the fixture's own (the route then does its work), another thing's, an unknown ULID, or anything. */
const idFor = (name: string, f: Fixture) => {
  const own: Record<string, string | undefined> = {
    orgId: f.orgId,
    departmentId: f.newsId,
    personId: f.people.reporter.personId,
    reportId: f.reportId,
    itemId: f.itemId,
    periodId: f.periodId,
    instructionId: f.instructionId,
    findingId: f.findingId,
    periodicalId: f.periodicalId ?? '2026-1',
    circularId: f.circularId ?? '2026-1',
    year: '2026',
    action: 'submit',
    token: 'A'.repeat(43),
    proxy: 'api/nothing',
  };
  // A report id is now and then the phoned-in one, whose written version is owed (its routes then do their work).
  const mine =
    name === 'reportId' && f.phonedReportId
      ? fc.oneof(
          { arbitrary: fc.constant(f.reportId), weight: 2 },
          { arbitrary: fc.constant(f.phonedReportId), weight: 1 },
        )
      : fc.constant(own[name] ?? 'x');
  return fc.oneof(
    { arbitrary: mine, weight: 3 },
    ...(name === 'proxy'
      ? [{ arbitrary: fc.constantFrom('nothing', 'api/orgs/x/nothing', '.env', 'wp-login.php', 'reports'), weight: 3 }]
      : []),
    { arbitrary: plausible(f), weight: 1 },
    { arbitrary: fc.ulid(), weight: 1 },
    { arbitrary: anyString, weight: 4 },
    { arbitrary: anyString.map(encode), weight: 1 },
  );
};

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
};

/**
 * A value for a JSON schema (the route's zod schema as OpenAPI shows it): mostly of the right shape, each part now
 * and then of another type or a nasty string, plus fields the schema does not know.
 */
function fromSchema(s: Schema, f: Fixture, depth = 0): fc.Arbitrary<unknown> {
  const wrong = depth > 3 ? anyString : anyJson;
  const alts = s.anyOf ?? s.oneOf;
  let right: fc.Arbitrary<unknown>;
  if (alts?.length) right = fc.oneof(...alts.map((a) => fromSchema(a, f, depth + 1)));
  else if (s.enum) right = fc.constantFrom(...s.enum);
  else if ('const' in s) right = fc.constant(s.const);
  else {
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object': {
        const props = Object.entries(s.properties ?? {}).map(
          ([k, v]) => [k, fromSchema(v, f, depth + 1)] as [string, fc.Arbitrary<unknown>],
        );
        const known = fc.record(Object.fromEntries(props), { requiredKeys: [] });
        right = fc
          .tuple(known, fc.dictionary(anyString, anyJson, { maxKeys: 2 }), fc.boolean())
          .map(([k, extra, more]) => (more ? { ...extra, ...k } : k));
        break;
      }
      case 'array':
        right = fc.array(s.items ? fromSchema(s.items, f, depth + 1) : anyJson, { maxLength: 4 });
        break;
      case 'string':
        right = fc.oneof(plausible(f), fc.string({ unit: 'grapheme', maxLength: 30 }), anyString);
        break;
      case 'integer':
      case 'number':
        right = fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double(), fc.integer().map(String));
        break;
      case 'boolean':
        right = fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 1, 0));
        break;
      default:
        right = anyJson;
    }
  }
  return fc.oneof({ arbitrary: right, weight: 5 }, { arbitrary: wrong, weight: 1 });
}

const schemaOf = (route: Route): Schema | undefined =>
  route.body ? (z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as Schema) : undefined;

/** Every field name of every body schema: the keys a page's form is fuzzed with. */
const FORM_KEYS = ['_key', 'decision', 'comment', 'text', 'name', 'email', 'title', 'body', 'next', 'roles', 'csv'];

/** A body as it arrives: JSON of the schema's shape or any, broken JSON, a form, bytes, too large, deeply nested. */
type Body = { body?: string; isBase64Encoded?: boolean; type?: string };
function bodyOf(route: Route, f: Fixture): fc.Arbitrary<Body> {
  const schema = schemaOf(route);
  const value = schema ? fc.oneof({ arbitrary: fromSchema(schema, f), weight: 3 }, anyJson) : anyJson;
  const json = 'application/json';
  const form = 'application/x-www-form-urlencoded';
  const formKeys = [...FORM_KEYS, ...Object.keys(schema?.properties ?? {})];
  return fc.oneof(
    { arbitrary: value.map((v) => ({ body: JSON.stringify(v) ?? 'null', type: json })), weight: 6 },
    { arbitrary: fc.constant<Body>({}), weight: 1 },
    {
      arbitrary: fc
        .tuple(value, fc.nat())
        .map(([v, n]) => {
          const s = JSON.stringify(v) ?? '';
          return s.slice(0, s.length ? n % s.length : 0);
        })
        .map((body) => ({ body, type: json })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(anyString, fc.constantFrom(json, form, 'text/plain', 'application/xml', 'multipart/form-data', ''))
        .map(([body, type]) => ({ body, type })),
      weight: 2,
    },
    {
      arbitrary: fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...formKeys), anyString), fc.oneof(anyString, plausible(f))), {
          maxLength: 6,
        })
        .map((pairs) => ({ body: new URLSearchParams(pairs).toString(), type: form })),
      weight: 2,
    },
    {
      arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({
        body: Buffer.from(b).toString('base64'),
        isBase64Encoded: true,
        type: 'application/octet-stream',
      })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(MAX_BODY_BYTES + 1, 200_000)
        .map((n) => ({ body: JSON.stringify({ title: 'x'.repeat(n) }), type: json })),
      weight: 1,
    },
    {
      arbitrary: fc
        .integer({ min: 100, max: 20_000 })
        .map((n) => ({ body: `${'['.repeat(n)}${']'.repeat(n)}`, type: json })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(
          '{"__proto__":{"polluted":true}}',
          '{"constructor":{"prototype":{"polluted":true}}}',
          '{"a":1,"a":2}',
          '\uFEFF{}',
          'null',
          '[]',
          '""',
          '0',
          'true',
        )
        .map((body) => ({ body, type: json })),
      weight: 1,
    },
  );
}

const ROLE_KEYS: RoleKey[] = ['reporter', 'head', 'leader', 'chief', 'office', 'duty', 'reviewer', 'outsider', 'admin'];

/** For a `{proxy+}` route: one of its pages, its parameters filled like any other path. */
const pathOf = (route: Route) => (route.pages?.length ? fc.constantFrom(...route.pages) : fc.constant(route.path));

/** One request to `route`, with everything in it drawn from the arbitraries above. */
export function requestFor(route: Route, f: Fixture): fc.Arbitrary<Request> {
  const names = [
    ...new Set([...(route.pages ?? [route.path])].flatMap((p) => [...p.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!))),
  ];
  const params = fc.record(
    Object.fromEntries(names.map((n) => [n, idFor(n, f)])) as Record<string, fc.Arbitrary<string>>,
  );
  const who = fc.oneof(
    { arbitrary: fc.constantFrom(...ROLE_KEYS), weight: 8 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  const hasBody = route.method !== 'GET';
  return fc
    .record({
      path: pathOf(route),
      params,
      query: fc.option(queryOf(f), { freq: 2, nil: undefined }),
      who,
      stranger: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
      body: hasBody ? bodyOf(route, f) : fc.oneof({ arbitrary: fc.constant<Body>({}), weight: 4 }, bodyOf(route, f)),
      idempotencyKey: fc.option(fc.oneof(anyString, fc.uuid()), { freq: 4, nil: undefined }),
      cookie: fc.option(fc.oneof(anyString, fc.constant('bs_session=garbage'), fc.constant('bs_session=%E4')), {
        freq: 8,
        nil: undefined,
      }),
    })
    .map(({ path, params, query, who, stranger, body, idempotencyKey, cookie }) => {
      const headers: Record<string, string> = {};
      if (body.type) headers['content-type'] = body.type;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      if (route.auth === 'public') {
        const session = who ? f.cookies[who] : undefined;
        const c = cookie ?? session;
        if (c) headers.cookie = c;
      }
      const email = who ? (stranger ? `stranger-${who}@fuzz.local` : f.people[who].email) : undefined;
      return { route, path, params, query, headers, body: body.body, isBase64Encoded: body.isBase64Encoded, email };
    });
}
