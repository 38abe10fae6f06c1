import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { api, db, givenOrg, reportBody, signIn, stack, type GivenOrg } from '../../support/scenario.ts';

async function reportsOf(orgId: string): Promise<number> {
  const r = await db().send(
    new QueryCommand({
      TableName: stack().tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `ORG#${orgId}#REPORTS` },
    }),
  );
  return r.Count ?? 0;
}

async function reporter(): Promise<{ g: GivenOrg; token: string }> {
  const g = await givenOrg();
  return { g, token: await signIn(g.email('reporter')) };
}

describe('POST /api/reports', () => {
  it('names every bad or missing field and writes nothing', async () => {
    const { g, token } = await reporter();
    const r = await api('POST', '/api/reports', {
      token,
      body: {
        ...reportBody(g),
        title: '',
        severity: 'V',
        contact: { name: '李' },
        casualties: { dead: -1, injured: 0, missing: 0 },
        colour: 'red',
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const fields = r.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['casualties.dead', 'colour', 'contact.phone', 'severity', 'title']);
    expect(await reportsOf(g.orgId)).toBe(0);
  });

  it('rejects an unknown department or category, times in the future and learnedAt before occurredAt', async () => {
    const { g, token } = await reporter();
    const future = new Date(Date.now() + 3600_000).toISOString();
    const r = await api('POST', '/api/reports', {
      token,
      body: reportBody(g, { departmentId: 'nope', category: 'ufo', occurredAt: future }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'category',
      'departmentId',
      'occurredAt',
    ]);
    const early = await api('POST', '/api/reports', {
      token,
      body: reportBody(g, {
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        learnedAt: new Date(Date.now() - 3600_000).toISOString(),
      }),
    });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([
      expect.objectContaining({ field: 'learnedAt', code: 'before_occurred' }),
    ]);
    expect(await reportsOf(g.orgId)).toBe(0);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, writing nothing', async () => {
    const { g, token } = await reporter();
    const malformed = await api('POST', '/api/reports', { token, raw: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_BODY');
    const huge = await api('POST', '/api/reports', { token, body: reportBody(g, { summary: '火'.repeat(40_000) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await reportsOf(g.orgId)).toBe(0);
  });

  it('creates the report with its chain snapshot, deadline and timeline', async () => {
    const { g, token } = await reporter();
    const occurredAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const r = await api('POST', '/api/reports', { token, body: reportBody(g, { occurredAt }) });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      orgId: g.orgId,
      status: 'escalating',
      late: false,
      deadline: new Date(Date.parse(occurredAt) + 60 * 60_000).toISOString(),
    });
    expect(
      r.body.chain.map((l: { role: string; personId: string; state: string }) => [l.role, l.personId, l.state]),
    ).toEqual([
      ['departmentHead', g.people.head.personId, 'pending'],
      ['supervisingLeader', g.people.leader.personId, 'pending'],
      ['principalLeader', g.people.chief.personId, 'pending'],
    ]);
    expect(r.body.chain[0].email).toBeUndefined();
    expect(r.body.timeline[0]).toMatchObject({ type: 'submitted' });
  });

  it('flags a report submitted after its time limit as late, by how much, in the report and its timeline', async () => {
    const { g, token } = await reporter();
    const learnedAt = new Date(Date.now() - 90 * 60_000).toISOString();
    const r = await api('POST', '/api/reports', {
      token,
      body: reportBody(g, { occurredAt: learnedAt, severity: 'II' }),
    });
    expect(r.status).toBe(201);
    expect(r.body.late).toBe(true);
    expect(r.body.lateByMinutes).toBeGreaterThanOrEqual(29);
    expect(r.body.lateByMinutes).toBeLessThanOrEqual(31);
    expect(r.body.timeline.map((e: { type: string }) => e.type)).toContain('late');
  });

  it('with the same Idempotency-Key and body returns the first response and creates nothing new', async () => {
    const { g, token } = await reporter();
    const body = reportBody(g);
    const headers = { 'idempotency-key': `k-${Date.now()}-abc` };
    const first = await api('POST', '/api/reports', { token, body, headers });
    const again = await api('POST', '/api/reports', { token, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.reportId).toBe(first.body.reportId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await reportsOf(g.orgId)).toBe(1);
    const other = await api('POST', '/api/reports', { token, body: { ...body, title: '另一件事' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await reportsOf(g.orgId)).toBe(1);
  });

  it('creates one report when the same key is sent twice at the same moment', async () => {
    const { g, token } = await reporter();
    const headers = { 'idempotency-key': `race-${Date.now()}-x` };
    const body = reportBody(g);
    const [a, b] = await Promise.all([
      api('POST', '/api/reports', { token, body, headers }),
      api('POST', '/api/reports', { token, body, headers }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.reportId).toBe(b.body.reportId);
    expect(await reportsOf(g.orgId)).toBe(1);
  });
});

describe('GET /api/reports/{id}', () => {
  it('shows the report to its reporter, its chain and the office, and is 404 for everyone else', async () => {
    const { g, token } = await reporter();
    const created = await api('POST', '/api/reports', { token, body: reportBody(g) });
    const id = created.body.reportId;
    for (const who of ['reporter', 'head', 'chief', 'office'] as const) {
      const r = await api('GET', `/api/reports/${id}`, { token: await signIn(g.email(who)) });
      expect(r.status, who).toBe(200);
      expect(r.body.reportId).toBe(id);
      expect(Array.isArray(r.body.timeline)).toBe(true);
    }
    for (const who of ['reviewer', 'outsider'] as const) {
      const r = await api('GET', `/api/reports/${id}`, { token: await signIn(g.email(who)) });
      expect(r.status, who).toBe(404);
    }
    const audited = await api('GET', `/api/reports/${id}`, { token: await signIn(g.email('reporter')) });
    expect(
      audited.body.timeline
        .filter((e: { type: string; actorName: string }) => e.type === 'viewed')
        .map((e: { actorName: string }) => e.actorName),
    ).toEqual(['办公室主任']);
    const stranger = await givenOrg();
    const r = await api('GET', `/api/reports/${id}`, { token: await signIn(stranger.email('office')) });
    expect(r.status).toBe(404);
    expect((await api('GET', '/api/reports/does-not-exist', { token })).status).toBe(404);
  });

  it('lists only what the caller may see', async () => {
    const { g, token } = await reporter();
    const created = await api('POST', '/api/reports', { token, body: reportBody(g) });
    const mine = await api('GET', '/api/reports', { token });
    expect(mine.body.items.map((i: { reportId: string }) => i.reportId)).toEqual([created.body.reportId]);
    const outsider = await api('GET', '/api/reports', { token: await signIn(g.email('outsider')) });
    expect(outsider.body.items).toEqual([]);
  });
});

describe('GET /openapi.json', () => {
  it('describes POST /api/reports from its zod schema', async () => {
    const r = await api('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const schema = r.body.paths['/api/reports'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(
      expect.arrayContaining(['departmentId', 'category', 'severity', 'title', 'occurredAt']),
    );
    // Required for a written report, not for a phoned-in one (issue 14): the schema says so in its description.
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['place', 'summary', 'measuresTaken', 'contact', 'intake']),
    );
    expect(schema.description).toContain('phoned-in');
  });
});
