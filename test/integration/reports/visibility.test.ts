import { describe, expect, it } from 'vitest';
import type { Person } from '../../../shared/org/rules/model.ts';
import { api, fetchPage, orgRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { draftItem, givenOrg, givenReport, NEVER, tokensOf, type GivenOrg } from '../../support/given.ts';
import { checkAt, goesOnLeave, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail, type StoredMail } from '../../support/then.ts';

/** Every link into the application a mail's text carries. */
const linksIn = (m: StoredMail) =>
  [...m.body.text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((x) => x[0]).filter((u) => u.startsWith(stack().appUrl));

/**
 * A night at 新闻部: no working time, so the chain is duty leader → principal leader; the department's own head,
 * reviewing and supervising leader are not in it. The duty officer is a clerk of 技术部.
 */
async function nightOrg(): Promise<{ g: GivenOrg; watch: Person }> {
  const g = await givenOrg({ hours: NEVER });
  const repo = orgRepo();
  const watch: Person = {
    personId: `${g.orgId}-watch`,
    orgId: g.orgId,
    name: '值班员',
    email: `watch-${g.orgId}@test.local`,
    phone: '13900000009',
    roles: ['reporter'],
    departmentId: `${g.orgId}-tech`,
    available: true,
  };
  await repo.createPerson(watch);
  await repo.putDepartment({
    orgId: g.orgId,
    departmentId: g.newsId,
    name: '新闻部',
    headId: g.people.head.personId,
    supervisingLeaderId: g.people.leader.personId,
    reviewingLeaderId: g.people.reviewer.personId,
  });
  await repo.putShift({
    orgId: g.orgId,
    shiftId: `${g.orgId}-shift`,
    start: new Date(Date.now() - 3600_000).toISOString(),
    end: new Date(Date.now() + 48 * 3600_000).toISOString(),
    dutyLeaderId: g.people.duty.personId,
    dutyOfficerId: watch.personId,
  });
  return { g, watch };
}

describe('who sees a report (one rule for the API, the pages, the mails and the inbox)', () => {
  it("at night the department's head, reviewing and supervising leader open it; a colleague and another organisation get 404; an assignee opens it once assigned", async () => {
    const { g } = await nightOrg();
    const other = await givenOrg();
    const r = await givenReport(g);
    expect(r.chain.map((l) => l.role)).toEqual(['dutyLeader', 'principalLeader']);

    for (const k of ['head', 'reviewer', 'leader', 'office', 'duty', 'chief', 'reporter'] as const) {
      const token = await signIn(g.email(k));
      expect((await api('GET', `/api/reports/${r.reportId}`, { token })).status, k).toBe(200);
      expect((await fetchPage(`/reports/${r.reportId}`, token)).status, k).toBe(200);
    }
    const outsider = await signIn(g.email('outsider'));
    for (const token of [outsider, await signIn(other.email('office'))]) {
      const res = await api('GET', `/api/reports/${r.reportId}`, { token });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('REPORT_NOT_FOUND');
      expect((await fetchPage(`/reports/${r.reportId}`, token)).status).toBe(404);
      expect(
        (await api('GET', '/api/reports', { token })).body.items.map((x: { reportId: string }) => x.reportId),
      ).not.toContain(r.reportId);
    }

    // The principal leader assigns 技术部's outsider: from then on the outsider opens it, and lists it.
    const chief = await signIn(g.email('chief'));
    const given = await api('POST', `/api/reports/${r.reportId}/instructions`, {
      token: chief,
      body: { text: '请技术部排查线路。', assigneeIds: [g.people.outsider.personId], dueAt: minutesFrom(120) },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect((await api('GET', `/api/reports/${r.reportId}`, { token: outsider })).status).toBe(200);
    expect((await fetchPage(`/reports/${r.reportId}`, outsider)).status).toBe(200);
    const listed = await api('GET', '/api/reports', { token: outsider });
    expect(listed.body.items.map((x: { reportId: string }) => x.reportId)).toContain(r.reportId);
    await untilIdle();
  });

  it('every mail and every inbox entry about a report opens for its recipient', async () => {
    const { g, watch } = await nightOrg();
    const r = await givenReport(g);
    const t0 = r.submittedAt as string;
    await waitForMail(g.email('duty'));
    // Nobody answers: the duty leader times out, the principal leader is told, then reminded, and the office head and
    // the duty officer are told that nobody answers.
    await checkAt(minutesFrom(31, t0));
    await waitForMail(g.email('chief'));
    await checkAt(minutesFrom(62, t0));
    await waitForMail(watch.email, 1, '【无人接报');
    await waitForMail(g.email('office'), 1, '【无人接报');

    const chief = await signIn(g.email('chief'));
    expect((await api('POST', `/api/reports/${r.reportId}/ack`, { token: chief })).status).toBe(200);
    const ins = await api('POST', `/api/reports/${r.reportId}/instructions`, {
      token: chief,
      body: {
        text: '请新闻部、技术部查明原因。',
        assigneeIds: [g.people.head.personId, g.people.outsider.personId],
        dueAt: minutesFrom(90),
      },
    });
    expect(ins.status).toBe(201);
    await waitForMail(g.email('outsider'), 1, '【领导批示】');
    // A follow-up goes to everyone the chain reached.
    const reporter = await signIn(g.email('reporter'));
    const f = await api('POST', `/api/reports/${r.reportId}/followups`, {
      token: reporter,
      body: { kind: 'followup', summary: '火已扑灭。' },
    });
    expect(f.status).toBe(201);
    await waitForMail(g.email('duty'), 1, '【续报一】');
    // The next follow-up is missed twice (催报 to the reporter and head, then the office is told), and the
    // instruction runs overdue (its assignees and its giver are reminded).
    const view = await api('GET', `/api/reports/${r.reportId}`, { token: reporter });
    const due = view.body.followupDueAt as string;
    await checkAt(minutesFrom(1, due));
    await waitForMail(g.email('head'), 1, '【催报】');
    await untilIdle();
    const next = (await api('GET', `/api/reports/${r.reportId}`, { token: reporter })).body.followupDueAt as string;
    await checkAt(minutesFrom(1, next));
    await waitForMail(g.email('office'), 1, '【续报逾期】');
    await untilIdle();
    // The instruction mails: the office chases the silent assignees (催办), a second instruction due in 25 hours is
    // reminded 24 hours before, and both run overdue (assignees, and the giver on the first overdue day).
    const office = await signIn(g.email('office'));
    const chase = await api('POST', `/api/instructions/${ins.body.instructionId}/chase`, { token: office, body: {} });
    expect(chase.status, JSON.stringify(chase.body)).toBe(200);
    await waitForMail(g.email('outsider'), 1, '【催办·批示落实】');
    const later = await api('POST', `/api/reports/${r.reportId}/instructions`, {
      token: chief,
      body: { text: '请分管领导督促整改。', assigneeIds: [g.people.leader.personId], dueAt: minutesFrom(25 * 60) },
    });
    expect(later.status).toBe(201);
    await waitForMail(g.email('leader'), 1, '【领导批示】');
    await checkAt(minutesFrom(62));
    await waitForMail(g.email('leader'), 1, '【批示将到期】');
    await checkAt(minutesFrom(25 * 60 + 1));
    await waitForMail(g.email('leader'), 1, '【批示已逾期】');
    await waitForMail(g.email('outsider'), 1, '【批示已逾期】');
    await untilIdle();

    const everyone = [...Object.values(g.people), watch];
    const subjects = new Set<string>();
    let opened = 0;
    for (const p of everyone) {
      const token = await signIn(p.email);
      for (const m of await mailsTo(p.email)) {
        subjects.add(/^【[^】]+】/.exec(m.subject)?.[0] ?? m.subject);
        // The mail is about this report: its recipient can open it, by the API and on the page.
        expect((await api('GET', `/api/reports/${r.reportId}`, { token })).status, `${p.name}: ${m.subject}`).toBe(200);
        // Every mail about a report links to it (the acknowledgement mails to their button as well).
        expect(
          linksIn(m).some((u) => u.endsWith(`/reports/${r.reportId}`)),
          `${p.name}: ${m.subject}`,
        ).toBe(true);
        for (const link of linksIn(m)) {
          const path = link.slice(stack().appUrl.length);
          const res = await fetchPage(path, path.startsWith('/ack/') ? undefined : token);
          expect(res.status, `${p.name} opens ${path} from "${m.subject}"`).toBe(200);
          opened++;
        }
      }
      const inbox = await api('GET', '/api/me/inbox', { token });
      expect(inbox.status).toBe(200);
      for (const entry of inbox.body.items as { kind: string; reportId: string; link?: string }[]) {
        expect((await api('GET', `/api/reports/${entry.reportId}`, { token })).status, `${p.name}: ${entry.kind}`).toBe(
          200,
        );
        expect((await fetchPage(entry.link ?? `/reports/${entry.reportId}`, token)).status).toBe(200);
        opened++;
      }
    }
    expect([...subjects].sort()).toEqual(
      expect.arrayContaining([
        '【紧急信息】',
        '【紧急信息·逐级上报】',
        '【催办·紧急信息】',
        '【无人接报·紧急信息】',
        '【领导批示】',
        '【续报一】',
        '【催报】',
        '【续报逾期】',
        '【催办·批示落实】',
        '【批示将到期】',
        '【批示已逾期】',
      ]),
    );
    expect(opened).toBeGreaterThan(5);
    // Nobody the report does not reach was mailed.
    expect(await mailsTo(g.email('outsider'), '【紧急信息')).toEqual([]);
  });

  it('every work-information mail and 待办 entry to a stand-in (代理) opens for him', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    for (const who of ['head', 'chief'] as const) {
      await goesOnLeave(g, who, 'outsider');
    }
    const id = await draftItem(g, t, { title: '代理审核与代签' });
    expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
    await waitForMail(g.email('outsider'), 1, '【待审核·工作信息】');
    const inbox = (await api('GET', '/api/me/inbox', { token: t.outsider })).body.items as {
      kind: string;
      link: string;
    }[];
    const review = inbox.filter((e) => e.kind === 'itemReview');
    expect(review).toHaveLength(1);
    for (const e of review) expect((await fetchPage(e.link, t.outsider)).status).toBe(200);
    expect(
      (await api('POST', `/api/items/${id}/review`, { token: t.outsider, body: { decision: 'approve' } })).status,
    ).toBe(200);
    const adopt = { decision: 'adopt', important: true };
    expect((await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: adopt })).status).toBe(200);
    await waitForMail(g.email('outsider'), 1, '【待签发·工作信息】');
    const toSign = ((await api('GET', '/api/me/inbox', { token: t.outsider })).body.items as typeof inbox).filter(
      (e) => e.kind === 'itemSignOff',
    );
    expect(toSign.map((e) => e.link)).toEqual([`/items/${id}`]);
    for (const e of toSign) expect((await fetchPage(e.link, t.outsider)).status).toBe(200);
    const mails = await mailsTo(g.email('outsider'));
    expect(mails.map((m) => /^【[^】]+】/.exec(m.subject)?.[0]).sort()).toEqual([
      '【待审核·工作信息】',
      '【待签发·工作信息】',
    ]);
    for (const m of mails) {
      expect(m.body.text).toContain('（代 ');
      const links = linksIn(m);
      expect(
        links.some((u) => u.endsWith(`/items/${id}`)),
        m.subject,
      ).toBe(true);
      for (const link of links) {
        const res = await fetchPage(link.slice(stack().appUrl.length), t.outsider);
        expect(res.status, `${m.subject}: ${link}`).toBe(200);
      }
    }
    await untilIdle();
  });

  it('the 待办 entry of an important item to sign off (itemSignOff) opens for the principal leader', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { title: '主要领导签发' });
    expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
    const approve = { decision: 'approve' };
    expect((await api('POST', `/api/items/${id}/review`, { token: t.head, body: approve })).status).toBe(200);
    const adopt = { decision: 'adopt', important: true };
    expect((await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: adopt })).status).toBe(200);
    const inbox = (await api('GET', '/api/me/inbox', { token: t.chief })).body.items as {
      kind: string;
      link: string;
    }[];
    const toSign = inbox.filter((e) => e.kind === 'itemSignOff');
    expect(toSign.map((e) => e.link)).toEqual([`/items/${id}`]);
    for (const e of toSign) expect((await fetchPage(e.link, t.chief)).status).toBe(200);
    // The 待办 page lists it too, with the link.
    const listed = await (await fetchPage('/inbox', t.chief)).text();
    expect(listed).toContain(`data-kind="itemSignOff"`);
    expect(listed).toContain(`href="/items/${id}"`);
    await untilIdle();
  });
});
