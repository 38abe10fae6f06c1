import type { ORG_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import * as orgAdmin from '#shared/org/org-admin.ts';
import { importPeople } from '#shared/org/people-import.ts';
import { undeliveredOf } from '#shared/app/undelivered.ts';
import { createdResult, idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof ORG_ROUTES>;

/** The organisation's JSON API (POLICY §2); `Idempotency-Key` makes a retried create safe. */
export const orgApi = {
  /** A new organisation, top-level (administrators) or under a parent (the parent's office). */
  'POST /api/orgs': api(async ({ body, caller, deps, header }) =>
    createdResult(await orgAdmin.createOrg(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) })),
  ),
  'GET /api/orgs/{orgId}': api(async ({ caller, deps, params }) => ({
    body: await orgAdmin.getOrgView(deps, caller, params.orgId ?? ''),
  })),
  /** Name, time zone, principal leader, office department. */
  'PATCH /api/orgs/{orgId}': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.updateOrg(deps, caller, params.orgId ?? '', body),
  })),
  /** A configuration version taking effect in `effectiveMonth` (this month by default). */
  'PUT /api/orgs/{orgId}/config': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.putOrgConfig(deps, caller, params.orgId ?? '', body),
  })),
  'POST /api/orgs/{orgId}/departments': api(async ({ body, caller, deps, params, header }) => {
    const key = idempotencyKeyOf(header);
    const created = await orgAdmin.createDepartment(deps, caller, params.orgId ?? '', body, { idempotencyKey: key });
    return createdResult(created);
  }),
  'PATCH /api/orgs/{orgId}/departments/{departmentId}': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.updateDepartment(deps, caller, params.orgId ?? '', params.departmentId ?? '', body),
  })),
  /** The e-mail address must be free (409 EMAIL_TAKEN). */
  'POST /api/orgs/{orgId}/people': api(async ({ body, caller, deps, params, header }) => {
    const key = idempotencyKeyOf(header);
    return createdResult(await orgAdmin.createPerson(deps, caller, params.orgId ?? '', body, { idempotencyKey: key }));
  }),
  /** Including `available: false` with an optional `until` for leave. */
  'PATCH /api/people/{personId}': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.updatePerson(deps, caller, params.personId ?? '', body),
  })),
  /** Replaces a period's shifts; answers with its gaps and overlaps. */
  'PUT /api/orgs/{orgId}/duty-roster': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.putRoster(deps, caller, params.orgId ?? '', body),
  })),
  /** A period's shifts (`from`, `to`; this week by default). */
  'GET /api/orgs/{orgId}/duty-roster': api(async ({ caller, deps, params, query }) => ({
    body: await orgAdmin.getRoster(deps, caller, params.orgId ?? '', { from: query.from, to: query.to }),
  })),
  /** Who is on duty at `at` (now by default). */
  'GET /api/orgs/{orgId}/on-duty': api(async ({ caller, deps, params, query }) => ({
    body: await orgAdmin.getOnDuty(deps, caller, params.orgId ?? '', query.at),
  })),
  /** The organisation's own holidays and working days of a year. */
  'PUT /api/orgs/{orgId}/calendar/{year}': api(async ({ body, caller, deps, params }) => ({
    body: await orgAdmin.putCalendar(deps, caller, params.orgId ?? '', params.year ?? '', body),
  })),
  'GET /api/orgs/{orgId}/calendar/{year}': api(async ({ caller, deps, params }) => ({
    body: await orgAdmin.getCalendar(deps, caller, params.orgId ?? '', params.year ?? ''),
  })),
  /** CSV (UTF-8, with or without BOM) of people and departments; all rows or none. */
  'POST /api/orgs/{orgId}/import': api(async ({ event, caller, deps, params }) => {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    return { body: await importPeople(deps, caller, params.orgId ?? '', text) };
  }),
  /** Messages the outbox could not deliver (API.md "Delivery"): the organisation's office only. */
  'GET /api/orgs/{orgId}/undelivered': api(async ({ caller, deps, params }) => {
    const { items } = await undeliveredOf(deps, caller, params.orgId ?? '');
    return { body: { items } };
  }),
} satisfies Partial<Routes>;
