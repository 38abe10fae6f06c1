/**
 * The dependency rules of the code (`npm run deps`). What they say, in short:
 * - shared/<context>/ is one bounded context of POLICY.md; shared/platform/ has no business rules; shared/app/ wires
 *   the contexts together (route table, OpenAPI, the `Deps` type, the production wiring); functions/ are entry points.
 * - The contexts form a DAG (below, CONTEXT_DEPENDENCIES); a context uses another only through that context's index.ts.
 * - Rule files (shared/<context>/rules/) are pure: no AWS SDK, no repository, mail or page module, nothing with state.
 * - Use cases depend on ports (each context's ports.ts), not on repositories; only adapters talk to AWS.
 * - No cycles, type-only imports included: a type cycle is a design cycle too (two modules that must change together),
 *   and it turns into a runtime cycle the day somebody imports a value along it.
 */

const CONTEXTS = ['org', 'reports', 'followups', 'work-info', 'scores', 'accountability', 'attachments'];

/**
 * Which contexts each context may use (through their index.ts). Reading down, each builds on those above it:
 * - org (POLICY §2) needs nobody;
 * - reports (§3.1–3.4) need the organisation (its chain, calendar, roster, office);
 * - followups (§3.5) act on reports: follow-ups of a report, instructions on it, the inbox over them;
 * - accountability (§3.6) judges reports (late, missed, false, concealed) and publishes circulars;
 * - work-info (§4) needs the organisation only;
 * - scores (§5) count work information and confirmed findings.
 * Where the code used to point the other way:
 * - the follow-up schedule (when the next 续报/终报 is due) is report state: a report carries its snapshot of the
 *   rules, its due instant and its misses; it is in reports/rules/followup-schedule.ts, and followups file against it;
 * - a late report's finding is written in the report's own transaction: reports ask accountability for it through
 *   their LateReportFindings port (reports/ports.ts), which the finding store implements;
 * - the every-minute check advances escalations (reports) and instruction reminders (followups): it is composed
 *   above both, in shared/app/every-minute.ts.
 */
const CONTEXT_DEPENDENCIES = {
  org: [],
  reports: ['org'],
  followups: ['org', 'reports'],
  accountability: ['org', 'reports'],
  'work-info': ['org'],
  scores: ['org', 'work-info', 'accountability'],
  // Files on records: which records a caller may see is asked through its RecordAccess port, wired in functions/.
  attachments: [],
};

const contextPath = (c) => `^shared/${c}/`;
const anyContext = `^shared/(${CONTEXTS.join('|')})/`;

/** Modules that may talk to AWS: repositories, queue and mail adapters, and the platform's DynamoDB helpers. */
const ADAPTERS = [
  '^shared/[^/]+/[^/]+-repo\\.ts$',
  '^shared/[^/]+/sqs-[^/]+\\.ts$',
  '^shared/platform/dynamo/',
  '^shared/platform/files/',
  '^shared/platform/mail/ses-mailer\\.ts$',
  '^shared/platform/sms/sms-texter\\.ts$',
  '^shared/platform/outbox/(outbox-repo|sqs-outbox-queue)\\.ts$',
  '^shared/app/production\\.ts$',
];

/**
 * What a pure module never reaches, however indirectly: the AWS SDK, adapters, the modules that render mails and
 * pages or send them, and the HTTP layer. (The mail port itself, `platform/mail/mailer.ts` and `ledger.ts`, is types
 * and a header rule: ports name it.)
 */
const IMPURE = [
  '@aws-sdk/',
  '@smithy/',
  ...ADAPTERS,
  '^shared/[^/]+/[^/]+-(mail|pages|doc)\\.ts$',
  '^shared/platform/mail/(send-once|best-effort|ses-mailer)\\.ts$',
  '^shared/platform/(pages|http)/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles at all, type-only imports included (see the top of this file).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment:
        'A rule file imports only the kernel, the pure parts of auth (the caller type, the decision helper), its own ' +
        "context's rules and other contexts' index.ts (whose purity the next rule checks), zod and the holiday data.",
      from: { path: '^shared/([^/]+)/rules/' },
      to: {
        pathNot: [
          '^shared/$1/rules/',
          '^shared/platform/kernel/',
          '^shared/platform/auth/(caller|decision)\\.ts$',
          `^shared/(${CONTEXTS.join('|')})/index\\.ts$`,
          '^node_modules/(zod|chinese-days)/',
        ],
      },
    },
    {
      name: 'rules-reach-nothing-impure',
      severity: 'error',
      comment:
        'Not even through an index: a rule never reaches the AWS SDK, a repository, an adapter, a mail or page module.',
      from: { path: '^shared/[^/]+/rules/' },
      to: { reachable: true, path: IMPURE },
    },
    {
      name: 'index-is-pure',
      severity: 'error',
      comment:
        "A context's index.ts (its public surface) re-exports only pure rules, records, ports and errors, so that " +
        "another context's rules may use it: it reaches nothing impure either. Impure collaboration across contexts " +
        'goes through ports passed in, or is composed in shared/app/ (the every-minute check).',
      from: { path: `^shared/(${CONTEXTS.join('|')})/index\\.ts$` },
      to: { reachable: true, path: IMPURE },
    },
    {
      name: 'context-through-index',
      severity: 'error',
      comment: "A context uses another only through that context's index.ts: its public surface.",
      from: { path: '^shared/([^/]+)/', pathNot: '^shared/(platform|app)/' },
      to: { path: anyContext, pathNot: ['^shared/$1/', `^shared/(${CONTEXTS.join('|')})/index\\.ts$`] },
    },
    ...CONTEXTS.map((c) => ({
      name: `context-dag-${c}`,
      severity: 'error',
      comment: `${c} may use ${CONTEXT_DEPENDENCIES[c].join(', ') || 'no other context'} (CONTEXT_DEPENDENCIES above).`,
      from: { path: contextPath(c) },
      to: {
        path: anyContext,
        pathNot: [contextPath(c), ...CONTEXT_DEPENDENCIES[c].map(contextPath)],
      },
    })),
    {
      name: 'contexts-not-on-app',
      severity: 'error',
      comment: 'shared/app/ wires the contexts; they never import it (their ports say what they need).',
      from: { path: anyContext },
      to: { path: '^shared/app/' },
    },
    {
      name: 'platform-below-contexts',
      severity: 'error',
      comment:
        'The platform carries no business rules: it imports no context and not app/ (the router and the handler chains\n' +
        'are given their Deps and logger by the entry point).',
      from: { path: '^shared/platform/' },
      to: { path: [anyContext, '^shared/app/'] },
    },
    {
      name: 'use-cases-on-ports',
      severity: 'error',
      comment:
        'Only the production wiring knows the repository classes: use cases, pages and mails see the ports of ' +
        "their context's ports.ts.",
      from: { path: anyContext, pathNot: ADAPTERS },
      to: { path: '^shared/[^/]+/[^/]+-repo\\.ts$' },
    },
    {
      name: 'aws-only-in-adapters',
      severity: 'error',
      comment: 'The AWS SDK is imported by adapters only (repositories, queue and mail senders, DynamoDB helpers).',
      from: { path: '^shared/', pathNot: ADAPTERS },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'shared-not-on-functions-or-infra',
      severity: 'error',
      comment: 'functions/ are entry points and infra/ the CDK app: shared code depends on neither.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves. `aws-lambda` is the type-only name of @types/aws-lambda: no module to find.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/', '^\\.local/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
