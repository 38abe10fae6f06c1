import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import { api, db, reportRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { givenCityAndCounty, givenReport } from '../../support/given.ts';
import { checkAt, minutesFrom, signOff } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

type Followup = { label: string; kind: string; carriedUp?: boolean; summary: string };
const labels = (fs: Followup[]) => fs.map((f) => f.label);

describe('the upward copy stays true (POLICY §3.5: never staler than the lower report)', () => {
  it('follow-ups filed before the sign-off go up with it, later ones as they are filed, and the 终报 ends the copy', async () => {
    const { city, county } = await givenCityAndCounty();
    const { reportId } = await givenReport(county);
    const reporter = await signIn(county.email('reporter'));
    const file = (body: Record<string, unknown>) =>
      api('POST', `/api/reports/${reportId}/followups`, { token: reporter, body });
    expect((await file({ kind: 'followup', summary: '火已扑灭。' })).status).toBe(201);

    const signed = await signOff(county, reportId, 'forward');
    expect(signed.status).toBe(200);
    const copyId = signed.body.forwardedReportId as string;
    const cityOffice = await signIn(city.email('office'));
    let copy = (await api('GET', `/api/reports/${copyId}`, { token: cityOffice })).body;
    expect(copy.followups).toEqual([
      expect.objectContaining({ label: '续报一', summary: '火已扑灭。', carriedUp: true, fromReportId: reportId }),
    ]);
    expect(copy.timeline.map((e: { detail: string }) => e.detail)).toContainEqual(
      expect.stringContaining('续报一随初报签发报送'),
    );
    // The county owes the follow-ups on its own report: the city's copy has no schedule of its own.
    expect(copy.followupDueAt).toBeUndefined();

    expect((await file({ kind: 'followup', summary: '原因：线路老化。' })).status).toBe(201);
    await waitForMail(city.email('office'), 1, '【续报二】');
    expect((await file({ kind: 'final', summary: '处置完毕。' })).status).toBe(201);
    await waitForMail(city.email('office'), 1, '【终报】');
    copy = (await api('GET', `/api/reports/${copyId}`, { token: cityOffice })).body;
    expect(labels(copy.followups)).toEqual(['续报一', '续报二', '终报']);
    expect(copy.followups.every((f: Followup) => f.carriedUp)).toBe(true);
    expect(copy.closedAt).toBeTruthy();
    expect(copy.followupDueAt).toBeUndefined();

    // Nothing is chased on either side after the 终报, however late the check.
    await checkAt(minutesFrom(3 * 24 * 60));
    await untilIdle();
    for (const email of [county.email('chief'), county.email('reporter'), city.email('office')])
      expect(await mailsTo(email, '【催报】')).toEqual([]);
  });

  it('an event closed before the sign-off arrives closed, with its 终报, and nobody is chased about it', async () => {
    const { city, county } = await givenCityAndCounty();
    const { reportId } = await givenReport(county);
    const reporter = await signIn(county.email('reporter'));
    await api('POST', `/api/reports/${reportId}/followups`, {
      token: reporter,
      body: { kind: 'final', summary: '一小时内处置完毕。' },
    });
    const signed = await signOff(county, reportId, 'forward');
    const copy = (
      await api('GET', `/api/reports/${signed.body.forwardedReportId}`, {
        token: await signIn(city.email('office')),
      })
    ).body;
    expect(labels(copy.followups)).toEqual(['终报']);
    expect(copy.closedAt).toBeTruthy();
    expect(copy.followupDueAt).toBeUndefined();
    const stored = await reportRepo().get(signed.body.forwardedReportId);
    expect(stored?.followupDueAt).toBeUndefined();
    await checkAt(minutesFrom(24 * 60));
    await untilIdle();
    // Before, the copy chased the county's chief (its "reporter") about a follow-up on a report he cannot open.
    expect(await mailsTo(county.email('chief'), '【催报】')).toEqual([]);
    expect(await mailsTo(city.email('office'), '【续报逾期】')).toEqual([]);
  });

  it('"keep" sends nothing up, the follow-ups after it neither', async () => {
    const { city, county } = await givenCityAndCounty();
    const { reportId } = await givenReport(county);
    const kept = await signOff(county, reportId, 'keep');
    expect(kept.body).toEqual({ reportId, decision: 'keep' });
    const f = await api('POST', `/api/reports/${reportId}/followups`, {
      token: await signIn(county.email('reporter')),
      body: { kind: 'followup', summary: '续报。' },
    });
    expect(f.status).toBe(201);
    await untilIdle();
    const listed = await api('GET', '/api/reports', { token: await signIn(city.email('office')) });
    expect(listed.body.items).toEqual([]);
    expect(await mailsTo(city.email('office'))).toEqual([]);
  });

  it('a copy that cannot be updated keeps the lower report intact and says so on its timeline', async () => {
    const { county } = await givenCityAndCounty();
    const { reportId } = await givenReport(county);
    const signed = await signOff(county, reportId, 'forward');
    await untilIdle();
    await db().send(
      new DeleteCommand({ TableName: stack().tableName, Key: keys.report(signed.body.forwardedReportId) }),
    );
    const reporter = await signIn(county.email('reporter'));
    const f = await api('POST', `/api/reports/${reportId}/followups`, {
      token: reporter,
      body: { kind: 'followup', summary: '续报。' },
    });
    expect(f.status).toBe(201);
    const view = (await api('GET', `/api/reports/${reportId}`, { token: reporter })).body;
    expect(labels(view.followups)).toEqual(['续报一']);
    expect(view.timeline).toContainEqual(
      expect.objectContaining({ type: 'carryUpFailed', detail: expect.stringContaining('找不到上级单位的报告副本') }),
    );
  });
});
