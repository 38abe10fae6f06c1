import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { monthOf } from '../../../shared/platform/kernel/time.ts';
import { api, findingRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { givenOrg, reportBody, tokensOf, type GivenOrg, type Tokens } from '../../support/given.ts';
import { minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

const hoursAgo = (h: number) => minutesFrom(-h * 60);

/** A 漏报 of 新闻部 the public told the office about (`over` changes the body). */
const missedBody = (g: GivenOrg, over: Record<string, unknown> = {}) => ({
  kind: 'missed',
  responsibleOrgId: g.orgId,
  responsibleDepartmentId: g.newsId,
  occurredAt: hoursAgo(3),
  learnedAt: hoursAgo(2),
  learnedHow: 'public',
  note: '群众反映的事件',
  ...over,
});

async function register(g: GivenOrg, token: string) {
  const r = await api('GET', `/api/orgs/${g.orgId}/findings`, { token });
  expect(r.status).toBe(200);
  return r.body.items as any[];
}

describe('findings (迟报, 漏报, 误报, 瞒报)', () => {
  it('proposes a late finding in the same transaction as a late report, none for a report on time', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const onTime = await api('POST', '/api/reports', {
      token: t.reporter,
      body: reportBody(g, { title: '按时报送的事件' }),
    });
    expect(onTime.status).toBe(201);
    expect(onTime.body.late).toBe(false);
    expect(await register(g, t.office)).toEqual([]);

    const late = await api('POST', '/api/reports', {
      token: t.reporter,
      body: reportBody(g, { title: '迟报的事件', occurredAt: hoursAgo(3) }),
    });
    expect(late.status).toBe(201);
    expect(late.body.late).toBe(true);
    const items = await register(g, t.office);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'late',
      state: 'proposed',
      auto: true,
      reportId: late.body.reportId,
      responsibleOrgId: g.orgId,
      responsibleDepartmentId: g.newsId,
      responsiblePersonId: g.people.reporter.personId,
      proposedByName: '系统',
    });
    expect(items[0].lateByMinutes).toBeGreaterThanOrEqual(119);
    expect(await findingRepo().findingIdFor(late.body.reportId, 'late')).toBe(items[0].findingId);
    // The office cannot record a second late finding for the same report.
    const again = await api('POST', `/api/orgs/${g.orgId}/findings`, {
      token: t.office,
      body: {
        kind: 'late',
        reportId: late.body.reportId,
        responsibleOrgId: g.orgId,
        occurredAt: hoursAgo(3),
        note: '重复登记',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('FINDING_EXISTS');
    expect(await register(g, t.office)).toHaveLength(1);
  });

  it('goes proposed → explained → confirmed, writes the scoring row, and a decided finding never changes', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const late = await api('POST', '/api/reports', {
      token: t.reporter,
      body: reportBody(g, { occurredAt: hoursAgo(2) }),
    });
    const [f] = await register(g, t.office);

    // The system's proposal mailed no one: the office must ask the unit first, then wait for its explanation or the deadline.
    await untilIdle();
    expect(await mailsTo(g.email('reporter'))).toEqual([]);
    const unheard = await api('POST', `/api/findings/${f.findingId}/decision`, {
      token: t.office,
      body: { outcome: 'confirmed', reason: '超时' },
    });
    expect(unheard.status).toBe(422);
    expect(unheard.body.error.code).toBe('EXPLANATION_NOT_REQUESTED');
    expect((await api('POST', `/api/findings/${f.findingId}/request-explanation`, { token: t.reporter })).status).toBe(
      403,
    );
    const requested = await api('POST', `/api/findings/${f.findingId}/request-explanation`, { token: t.office });
    expect(requested.status).toBe(200);
    expect(requested.body.requestedAt).toBeTruthy();
    const asked = await waitForMail(g.email('reporter'));
    expect(asked[0]!.subject).toContain('【迟报·请说明】');
    expect((await api('POST', `/api/findings/${f.findingId}/request-explanation`, { token: t.office })).status).toBe(
      409,
    );
    const early = await api('POST', `/api/findings/${f.findingId}/decision`, {
      token: t.office,
      body: { outcome: 'confirmed', reason: '超时' },
    });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('EXPLANATION_PENDING');
    // Others than the responsible unit cannot explain; strangers do not see it.
    expect(
      (await api('POST', `/api/findings/${f.findingId}/explanation`, { token: t.office, body: { text: '代为说明' } }))
        .status,
    ).toBe(403);
    expect((await api('GET', `/api/findings/${f.findingId}`, { token: t.outsider })).status).toBe(404);

    const malformed = await api('POST', `/api/findings/${f.findingId}/explanation`, {
      token: t.reporter,
      raw: '{"text":',
    });
    expect(malformed.status).toBe(400);
    expect(
      (await api('POST', `/api/findings/${f.findingId}/explanation`, { token: t.reporter, body: { text: ' ' } })).body
        .error.details[0].field,
    ).toBe('text');
    const explained = await api('POST', `/api/findings/${f.findingId}/explanation`, {
      token: t.reporter,
      body: { text: '当时在现场处置，未能及时报送。' },
    });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({
      state: 'explained',
      explanation: { text: '当时在现场处置，未能及时报送。', byName: '报告人' },
    });
    expect(
      (await api('POST', `/api/findings/${f.findingId}/explanation`, { token: t.reporter, body: { text: '再说明' } }))
        .status,
    ).toBe(409);
    // The reporter cannot decide about themselves.
    expect(
      (
        await api('POST', `/api/findings/${f.findingId}/decision`, {
          token: t.reporter,
          body: { outcome: 'dismissed', reason: '情有可原' },
        })
      ).status,
    ).toBe(403);

    const decided = await api('POST', `/api/findings/${f.findingId}/decision`, {
      token: t.office,
      body: { outcome: 'confirmed', reason: '超过时限两小时，说明不成立。' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      state: 'confirmed',
      deduction: -2,
      decision: { outcome: 'confirmed', byName: '办公室主任' },
    });
    // The row counts in the month of the decision, in the organisation's zone.
    const month = monthOf(new Date(decided.body.decision.at), g.tz);
    const rows = await findingRepo().listConfirmed(g.orgId, month);
    expect(rows).toEqual([
      expect.objectContaining({
        findingId: f.findingId,
        kind: 'late',
        deduction: -2,
        responsiblePersonId: g.people.reporter.personId,
        reportId: late.body.reportId,
      }),
    ]);
    expect(rows[0]!.label).toContain('迟报');

    const twice = await api('POST', `/api/findings/${f.findingId}/decision`, {
      token: t.office,
      body: { outcome: 'dismissed', reason: '改判' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('FINDING_DECIDED');
    const shown = await api('GET', `/api/findings/${f.findingId}`, { token: t.reporter });
    expect(shown.body.state).toBe('confirmed');
    expect(shown.body.history.map((h: { type: string }) => h.type)).toEqual([
      'proposed',
      'requested',
      'explained',
      'confirmed',
    ]);
    // The unit heard of the decision; the person's record lists the finding.
    const record = await api(
      'GET',
      `/api/orgs/${g.orgId}/findings?personId=${g.people.reporter.personId}&state=confirmed`,
      { token: t.office },
    );
    expect(record.body.items.map((x: { findingId: string }) => x.findingId)).toEqual([f.findingId]);
    const mails = await waitForMail(g.email('reporter'), 2);
    expect(mails.some((m) => m.subject.includes('已认定'))).toBe(true);
  });

  it('registers a missed event learned from the media, mails the unit, and links the report that came later (missed-then-late)', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const body = missedBody(g, {
      occurredAt: hoursAgo(5),
      learnedAt: hoursAgo(4),
      learnedHow: 'media',
      learnedFrom: '县电视台新闻',
      note: '媒体报道新闻部外景车发生交通事故，本单位未报送。',
    });
    const created = await api('POST', `/api/orgs/${g.orgId}/findings`, { token: t.office, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'missed',
      state: 'proposed',
      learnedHowLabel: '媒体报道',
      responsibleDepartmentName: '新闻部',
    });
    const mail = await waitForMail(g.email('head'));
    expect(mail[0]!.subject).toContain('漏报');
    expect(mail[0]!.body.text).toContain(`/findings/${created.body.findingId}`);

    const report = await api('POST', '/api/reports', {
      token: t.reporter,
      body: reportBody(g, { title: '外景车交通事故', occurredAt: hoursAgo(5) }),
    });
    expect(report.status).toBe(201);
    const linked = await api('POST', `/api/findings/${created.body.findingId}/link`, {
      token: t.office,
      body: { reportId: report.body.reportId },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      kind: 'missed',
      kindLabel: '漏报（后迟报）',
      reportId: report.body.reportId,
      linkedReport: { reportId: report.body.reportId, late: true },
    });
    expect(linked.body.linkedReport.lateByMinutes).toBeGreaterThanOrEqual(239);
    expect(
      (
        await api('POST', `/api/findings/${created.body.findingId}/link`, {
          token: t.office,
          body: { reportId: report.body.reportId },
        })
      ).status,
    ).toBe(409);
    const [row] = (await register(g, t.office)).filter((f) => f.kind === 'missed');
    expect(row.linkedReport.reportId).toBe(report.body.reportId);
  });

  it('rejects bad or unauthorized findings and writes nothing', async () => {
    const g = await givenOrg();
    const other = await givenOrg();
    const t = await tokensOf(g);
    const base = { responsibleOrgId: g.orgId, occurredAt: hoursAgo(1), note: '事实' };
    const cases: [string, unknown, number, string?][] = [
      [t.office, { ...base, kind: 'missed' }, 400, 'learnedAt'],
      [t.office, { ...base, kind: 'false', reportId: 'nope' }, 400, 'correction'],
      [t.office, { ...base, kind: 'concealed' }, 400, 'responsiblePersonId'],
      [t.office, { ...base, kind: 'late' }, 400, 'reportId'],
      [
        t.office,
        { ...base, kind: 'missed', learnedAt: hoursAgo(1), learnedHow: 'media', responsibleOrgId: other.orgId },
        400,
        'responsibleOrgId',
      ],
      [
        t.office,
        { ...base, kind: 'concealed', responsiblePersonId: other.people.head.personId },
        400,
        'responsiblePersonId',
      ],
      [t.reporter, { ...base, kind: 'concealed', responsiblePersonId: g.people.head.personId }, 403],
    ];
    for (const [token, body, status, field] of cases) {
      const r = await api('POST', `/api/orgs/${g.orgId}/findings`, { token, body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (field) expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(
      (
        await api('POST', `/api/orgs/${other.orgId}/findings`, {
          token: t.office,
          body: { ...base, kind: 'missed', learnedAt: hoursAgo(1), learnedHow: 'media' },
        })
      ).status,
    ).toBe(404);
    expect(await register(g, t.office)).toEqual([]);
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);
  });

  it('records a finding once for a repeated Idempotency-Key, and refuses the key with another body', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const body = missedBody(g);
    const headers = { 'idempotency-key': `finding-${g.orgId}` };
    const first = await api('POST', `/api/orgs/${g.orgId}/findings`, { token: t.office, body, headers });
    const second = await api('POST', `/api/orgs/${g.orgId}/findings`, { token: t.office, body, headers });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.findingId).toBe(first.body.findingId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await api('POST', `/api/orgs/${g.orgId}/findings`, {
      token: t.office,
      body: { ...body, note: '另一件事' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await register(g, t.office)).toHaveLength(1);
    expect(await waitForMail(g.email('head'))).toHaveLength(1);
  });

  it('lets an upper level record a concealed report against a lower organisation, whose office explains', async () => {
    const city = await givenOrg();
    const county = await givenOrg({ parentOrgId: city.orgId });
    const cityOffice = await signIn(city.email('office'));
    const r = await api('POST', `/api/orgs/${city.orgId}/findings`, {
      token: cityOffice,
      body: {
        kind: 'concealed',
        responsibleOrgId: county.orgId,
        responsiblePersonId: county.people.head.personId,
        occurredAt: hoursAgo(30),
        note: '部门负责人要求信息员不要上报演播室火情。',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      orgId: city.orgId,
      responsibleOrgId: county.orgId,
      responsiblePersonName: '部门负责人',
    });
    await waitForMail(county.email('office'));
    const countyOffice = await signIn(county.email('office'));
    const ex = await api('POST', `/api/findings/${r.body.findingId}/explanation`, {
      token: countyOffice,
      body: { text: '经查属实，已批评教育。' },
    });
    expect(ex.status).toBe(200);
    // The county's office explains but cannot decide: that is the city's office.
    expect(
      (
        await api('POST', `/api/findings/${r.body.findingId}/decision`, {
          token: countyOffice,
          body: { outcome: 'dismissed', reason: '不成立' },
        })
      ).status,
    ).toBe(403);
    await waitForMail(city.email('office'));
  });
});

describe('circulars (通报)', () => {
  async function confirmedFindings(g: GivenOrg, t: Tokens, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await api('POST', `/api/orgs/${g.orgId}/findings`, {
        token: t.office,
        body: missedBody(g, {
          responsiblePersonId: g.people.reporter.personId,
          occurredAt: hoursAgo(10 + i),
          learnedAt: hoursAgo(9),
          learnedHow: 'otherDepartment',
          note: `第 ${i + 1} 起未报送事件`,
        }),
      });
      expect(r.status).toBe(201);
      expect(
        (await api('POST', `/api/findings/${r.body.findingId}/explanation`, { token: t.head, body: { text: '疏忽' } }))
          .status,
      ).toBe(200);
      expect(
        (
          await api('POST', `/api/findings/${r.body.findingId}/decision`, {
            token: t.office,
            body: { outcome: 'confirmed', reason: '属实' },
          })
        ).status,
      ).toBe(200);
      ids.push(r.body.findingId);
    }
    return ids;
  }

  it('numbers circulars published at once consecutively, names each finding once, and mails them', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const ids = await confirmedFindings(g, t, 4);
    const from = hoursAgo(48);
    const to = minutesFrom(0);
    const results = await Promise.all(
      ids.map((id) =>
        api('POST', `/api/orgs/${g.orgId}/circulars`, {
          token: t.office,
          body: { from, to, kind: 'criticism', findingIds: [id] },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.number).sort()).toEqual([1, 2, 3, 4]);
    for (const r of results) expect(r.body.findings).toHaveLength(1);

    const again = await api('POST', `/api/orgs/${g.orgId}/circulars`, {
      token: t.office,
      body: { from, to, kind: 'criticism', findingIds: [ids[0]] },
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('FINDING_NOT_CIRCULABLE');
    // A repeated publication with the same key is the same circular and takes no number.
    expect(
      (
        await api('POST', '/api/reports', {
          token: t.reporter,
          body: reportBody(g, { departmentId: `${g.orgId}-tech` }),
        })
      ).status,
    ).toBe(201);
    const praise = { from, to: minutesFrom(1), kind: 'praise' };
    const key = { 'idempotency-key': `circular-${g.orgId}` };
    const p1 = await api('POST', `/api/orgs/${g.orgId}/circulars`, { token: t.office, body: praise, headers: key });
    const p2 = await api('POST', `/api/orgs/${g.orgId}/circulars`, { token: t.office, body: praise, headers: key });
    expect([p1.status, p2.status]).toEqual([201, 201]);
    expect([p1.body.number, p2.body.number]).toEqual([5, 5]);
    expect(p1.body.praised.map((x: { name: string }) => x.name)).toEqual(['技术部']);
    expect(p2.headers.get('idempotent-replayed')).toBe('true');
    const none = await api('POST', `/api/orgs/${g.orgId}/circulars`, {
      token: t.office,
      body: { from, to, kind: 'criticism' },
    });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('NO_FINDINGS');

    const archive = await api('GET', `/api/orgs/${g.orgId}/circulars`, { token: t.reporter });
    expect(archive.body.items.map((c: { number: number }) => c.number)).toEqual([5, 4, 3, 2, 1]);
    // Each circular's mail goes out through the outbox, on its own: wait for the five circulars, not any five mails.
    const circularMail = await waitForMail(g.email('chief'), 5, '【通报】');
    expect(circularMail).toHaveLength(5);
    const chiefMail = await mailsTo(g.email('chief'));
    expect(chiefMail.some((m) => m.body.text.includes('报告人') && m.body.text.includes('第 1 起未报送事件'))).toBe(
      true,
    );
    const f = await api('GET', `/api/findings/${ids[0]}`, { token: t.office });
    expect(f.body.circular.number).toBeGreaterThanOrEqual(1);
    // A member who is not the office cannot publish.
    expect(
      (await api('POST', `/api/orgs/${g.orgId}/circulars`, { token: t.reporter, body: { from, to, kind: 'praise' } }))
        .status,
    ).toBe(403);
  });

  it('praises the department that reported on time', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    expect((await api('POST', '/api/reports', { token: t.reporter, body: reportBody(g) })).status).toBe(201);
    const r = await api('POST', `/api/orgs/${g.orgId}/circulars`, {
      token: t.office,
      body: { from: hoursAgo(24), to: minutesFrom(1), kind: 'praise' },
    });
    expect(r.status).toBe(201);
    expect(r.body.praised.map((p: { name: string }) => p.name)).toEqual(['新闻部']);
    expect(r.body.number).toBe(1);
  });
});

describe('timeliness statistics', () => {
  it('counts the period’s reports, lateness and findings, as JSON and CSV', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await api('POST', '/api/reports', { token: t.reporter, body: reportBody(g, { occurredAt: hoursAgo(0.5) }) });
    await api('POST', '/api/reports', {
      token: t.reporter,
      body: reportBody(g, { occurredAt: hoursAgo(2), severity: 'II' }),
    });
    const q = `from=${encodeURIComponent(hoursAgo(3))}&to=${encodeURIComponent(minutesFrom(1))}`;
    const r = await api('GET', `/api/orgs/${g.orgId}/timeliness?${q}`, { token: t.chief });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      reports: 2,
      late: 1,
      lateShare: 0.5,
      bySeverity: { II: 1, III: 1 },
      findingsByKind: { late: 1 },
    });
    expect(r.body.medianMinutes).toBeGreaterThanOrEqual(75);
    expect(r.body.departments.find((d: { name: string }) => d.name === '新闻部')).toMatchObject({
      reports: 2,
      late: 1,
    });
    const csv = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/timeliness?${q}&format=csv`, {
      headers: { authorization: `Bearer ${t.office}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('部门,报告数,迟报数');
    expect(text).toContain('新闻部,2,1,0.5');
    const xlsx = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/timeliness?${q}&format=xlsx`, {
      headers: { authorization: `Bearer ${t.office}` },
    });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['各部门', '各级确认用时', '问责记录']);
    const rows = wb.getWorksheet('各部门')!.getSheetValues();
    const news = rows.find((r) => Array.isArray(r) && r[1] === '新闻部') as unknown[];
    expect(news.slice(1, 5)).toEqual(['新闻部', 2, 1, 0.5]);
    expect(news[8]).toBeInstanceOf(Date);
    const other = await api('GET', `/api/orgs/${g.orgId}/timeliness?${q}&format=docx`, { token: t.office });
    expect([other.status, other.body.error.code]).toEqual([406, 'NOT_ACCEPTABLE']);
    expect((await api('GET', `/api/orgs/${g.orgId}/timeliness`, { token: t.reporter })).status).toBe(403);
  });
});
