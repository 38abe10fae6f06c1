import { describe, expect, it } from 'vitest';
import { api, fetchPage, untilIdle, untilPast } from '../../support/stack.ts';
import {
  adoptedItem,
  ALWAYS,
  draftItem,
  givenNewerReports,
  givenOrg,
  givenReport,
  tokensOf,
} from '../../support/given.ts';
import { waitForMail } from '../../support/then.ts';

type Entry = {
  kind: string;
  reportId?: string;
  itemId?: string;
  instructionId?: string;
  deadline?: string;
  link: string;
};
const inbox = async (token: string): Promise<Entry[]> => {
  const r = await api('GET', '/api/me/inbox', { token });
  expect(r.status).toBe(200);
  return r.body.items;
};
const kindsFor = (entries: Entry[], id: string) =>
  entries.filter((e) => e.reportId === id || e.itemId === id).map((e) => e.kind);

describe('待办 is complete, and reads only what it lists', () => {
  it('an event behind 250 newer reports still waits in the inbox of each person it waits for; each entry leaves when done', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const t = await tokensOf(g);
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    await untilIdle();
    await givenNewerReports(g, 250);

    expect(kindsFor(await inbox(t.head), reportId).sort()).toEqual(['acknowledge', 'followupDue']);
    expect(kindsFor(await inbox(t.reporter), reportId)).toEqual(['followupDue']);
    expect(kindsFor(await inbox(t.chief), reportId)).toEqual(['signOff']);
    expect(kindsFor(await inbox(t.outsider), reportId)).toEqual([]);
    const ack = (await inbox(t.head)).find((e) => e.kind === 'acknowledge')!;
    expect(ack.deadline).toBeTruthy();
    expect(ack.link).toBe(`/reports/${reportId}`);

    expect((await api('POST', `/api/reports/${reportId}/ack`, { token: t.head })).status).toBe(200);
    await untilIdle();
    expect(kindsFor(await inbox(t.head), reportId)).toEqual(['followupDue']);
    // The supervising leader is notified next: the entry moves to them.
    expect(kindsFor(await inbox(t.leader), reportId)).toEqual(['acknowledge']);

    const signed = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: t.chief,
      body: { decision: 'keep' },
    });
    expect(signed.status).toBe(200);
    expect(kindsFor(await inbox(t.chief), reportId)).not.toContain('signOff');

    await api('POST', `/api/reports/${reportId}/followups`, {
      token: t.reporter,
      body: { kind: 'final', summary: '处置完毕。' },
    });
    expect(kindsFor(await inbox(t.reporter), reportId)).toEqual([]);
    expect(kindsFor(await inbox(t.head), reportId)).toEqual([]);
  });

  it('lists instructions assigned and given-overdue, items to review and to adopt, each with a link that opens for its person', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const t = await tokensOf(g);
    const { reportId } = await givenReport(g, { severity: 'I' });
    await waitForMail(g.email('chief'));
    const dueAt = new Date(Date.now() + 4000).toISOString();
    const ins = await api('POST', `/api/reports/${reportId}/instructions`, {
      token: t.chief,
      body: { text: '查明原因。', assigneeIds: [g.people.outsider.personId], dueAt },
    });
    expect(ins.status).toBe(201);
    const toReview = await draftItem(g, t);
    expect((await api('POST', `/api/items/${toReview}/submit`, { token: t.reporter })).status).toBe(200);
    const approved = await draftItem(g, t, { title: '待采用的信息' });
    await api('POST', `/api/items/${approved}/submit`, { token: t.reporter });
    await api('POST', `/api/items/${approved}/review`, { token: t.head, body: { decision: 'approve' } });
    const adopted = await adoptedItem(g, t, '已采用的信息');
    await untilPast(dueAt);

    const outsider = await inbox(t.outsider);
    expect(outsider.map((e) => [e.kind, e.instructionId])).toContainEqual(['instruction', ins.body.instructionId]);
    const chief = await inbox(t.chief);
    expect(chief.map((e) => [e.kind, e.instructionId])).toContainEqual(['instructionOverdue', ins.body.instructionId]);
    const head = await inbox(t.head);
    expect(head.filter((e) => e.kind === 'itemReview').map((e) => e.itemId)).toEqual([toReview]);
    const reviewer = await inbox(t.reviewer);
    expect(reviewer.filter((e) => e.kind === 'itemAdopt').map((e) => e.itemId)).toEqual([approved]);
    expect(reviewer.map((e) => e.itemId)).not.toContain(adopted);

    for (const [token, entries] of [
      [t.outsider, outsider],
      [t.chief, chief],
      [t.head, head],
      [t.reviewer, reviewer],
    ] as const)
      for (const e of entries) {
        const page = await fetchPage(e.link, token);
        expect(page.status, `${e.kind} ${e.link}`).toBe(200);
      }
    // The inbox page shows the same entries.
    const pageHtml = await (await fetchPage('/inbox', t.reviewer)).text();
    expect(pageHtml).toContain(`href="/items/${approved}"`);
  });
});
