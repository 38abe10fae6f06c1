import { describe, expect, it } from 'vitest';
import { ALWAYS, api, givenOrg, givenReport, signIn, stack, waitForMail } from '../../support/scenario.ts';

async function postPage(path: string, token: string, fields: Record<string, string>) {
  const r = await fetch(`${stack().appUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `bs_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: r.status,
    location: r.headers.get('location'),
    cookies: r.headers.getSetCookie(),
    html: await r.text(),
  };
}

describe('a refusal of a whole form never loses what was typed', () => {
  it('续报 after the 终报: the same form again, the reason above it, the text kept', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    const token = await signIn(g.email('reporter'));
    const final = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'final', summary: '处置完毕。', measures: '全面检修。' },
    });
    expect(final.status).toBe(201);
    const typed = '补充：又发现一处隐患<b>，正在处置。';
    const r = await postPage(`/reports/${reportId}/followups`, token, { kind: 'followup', summary: typed });
    expect(r.status).toBe(422);
    expect(r.html).toContain('id="refusal"');
    expect(r.html).toContain('这起事件已报送终报，不能再续报。');
    expect(r.html).toContain('补充：又发现一处隐患&lt;b&gt;，正在处置。');
    expect(r.html.indexOf('id="refusal"')).toBeLessThan(r.html.indexOf(`action="/reports/${reportId}/followups"`));
  });

  it('催办 with nobody left to chase: back to the page it came from, the reason at #refusal', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    for (const k of ['head', 'leader', 'chief'] as const)
      await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email(k)) });
    const office = await signIn(g.email('office'));
    const r = await postPage(`/reports/${reportId}/chase`, office, { back: `/reports/${reportId}` });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/reports/${reportId}#refusal`);
    const flash = r.cookies.find((c) => c.startsWith('bs_flash='))!.split(';')[0]!;
    const page = await (
      await fetch(`${stack().appUrl}/reports/${reportId}`, { headers: { cookie: `bs_session=${office}; ${flash}` } })
    ).text();
    expect(page).toContain('id="refusal"');
    expect(page).toContain('报送链上已无人待确认，无需催办。');
    // Another host is never a way back.
    const away = await postPage(`/reports/${reportId}/chase`, office, { back: '//evil.example/x' });
    expect(away.location).toBe('/supervision#refusal');
  });
});
