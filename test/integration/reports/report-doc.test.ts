import { describe, expect, it } from 'vitest';
import { api, fetchPage, reportRepo, signIn, untilIdle } from '../../support/stack.ts';
import { givenOrg, givenReport, tokensOf } from '../../support/given.ts';
import { waitForMail } from '../../support/then.ts';
import { paragraphsOf, unzipEntry } from '../../support/docx.ts';
import { localParts } from '../../../shared/platform/kernel/time.ts';

describe('the 信息专报 (GET /reports/{id}/document.docx, /print)', () => {
  it('a report with two 续报 and a 终报 downloads as .docx with the header, number, body, follow-ups, sign-off and 密级', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const { reportId } = await givenReport(g, {
      title: '县广播电视发射台停电导致节目停播',
      severity: 'II',
      category: 'service',
      source: '发射台值班员电话报告',
      losses: '停播 25 分钟。',
      leadersOnSite: '分管领导已到现场指挥。',
      casualties: { dead: 0, injured: 1, missing: 0 },
    });
    const filings = [
      { kind: 'followup', summary: '21:30 备用电源切换成功，节目恢复播出。', measures: '调集应急发电车。' },
      { kind: 'followup', summary: '22:10 市电恢复，原因为线路老化。', currentState: '运行正常。' },
      {
        kind: 'final',
        summary: '事件处置完毕，停播共 25 分钟。',
        aftermath: '受伤值班员已送医，无大碍；已向听众致歉。',
        nextSteps: '更换老化线路，每月试切换一次备用电源。',
      },
    ];
    for (const body of filings) {
      const r = await api('POST', `/api/reports/${reportId}/followups`, { token: t.reporter, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // 善后情况 only on a 终报: on a 续报 it is 400 naming the field (checked on another report: this one is closed).
    const other = await givenReport(g, { title: '另一事件' });
    const wrong = await api('POST', `/api/reports/${other.reportId}/followups`, {
      token: t.reporter,
      body: { kind: 'followup', summary: '进展', aftermath: '善后' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('aftermath');

    const signed = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: t.chief,
      body: { decision: 'keep', note: '妥善处置，做好善后。' },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const stored = (await reportRepo().get(reportId))!;
    const year = localParts(new Date(stored.signOff!.at), g.tz).year;
    expect(stored.docNumber).toMatchObject({ year, number: 1 });

    const res = await fetchPage(`/reports/${reportId}/document.docx`, await signIn(g.email('office')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('content-disposition')).toContain(`.docx`);
    const xml = unzipEntry(Buffer.from(await res.arrayBuffer()), 'word/document.xml');
    expect(xml).toBeDefined();
    const lines = paragraphsOf(xml!);
    const text = lines.join('\n');
    expect(lines[0]).toBe('内部');
    expect(lines[1]).toBe('信息专报');
    expect(lines[2]).toBe(`〔${year}〕第1期`);
    expect(lines[3]).toMatch(new RegExp(`^测试单位 \\w+办公室\\t${year}年\\d+月\\d+日$`));
    expect(lines[4]).toBe('县广播电视发射台停电导致节目停播');
    for (const s of [
      '一、基本情况',
      '信息来源：发射台值班员电话报告',
      '事件等级：II级（重大）',
      '地点',
      '电线短路引发明火，已疏散人员。',
      '二、伤亡和损失情况',
      '死亡 0 人，受伤 1 人，失踪 0 人。',
      '停播 25 分钟。',
      '三、领导到位情况及态度',
      '四、已采取的措施',
      '五、现场联系人',
      '李信息　信息员　13800000000',
      '新采取的措施：调集应急发电车。',
      '目前状态：运行正常。',
      '善后情况：受伤值班员已送医，无大碍；已向听众致歉。',
      '下步打算：更换老化线路，每月试切换一次备用电源。',
      '签发：主要领导',
      '（本单位存档）　签发意见：妥善处置，做好善后。',
      '报告人：报告人',
    ])
      expect(text).toContain(s);
    // The follow-ups in order: 续报一, 续报二, then 终报.
    const at = (label: string) => lines.findIndex((l) => l.startsWith(label));
    expect(at('续报一（')).toBeGreaterThan(at('五、现场联系人'));
    expect(at('续报二（')).toBeGreaterThan(at('续报一（'));
    expect(at('终报（')).toBeGreaterThan(at('续报二（'));
    expect(at('签发：')).toBeGreaterThan(at('终报（'));

    // The print page: the same document, A4 print rules; the number stays the report's.
    const printed = await fetchPage(`/reports/${reportId}/print`, await signIn(g.email('chief')));
    expect(printed.status).toBe(200);
    const html = await printed.text();
    expect(html).toContain(`<p class="number" id="doc-number">〔${year}〕第1期</p>`);
    expect(html).toContain('@page{size:A4');
    expect(html).toContain('善后情况：受伤值班员已送医');

    // The next report printed takes the next number; nobody outside the report sees its document (404).
    const second = await fetchPage(`/reports/${other.reportId}/print`, await signIn(g.email('office')));
    expect(await second.text()).toContain(`〔${year}〕第2期`);
    expect((await fetchPage(`/reports/${reportId}/document.docx`, t.outsider)).status).toBe(404);
    expect((await reportRepo().get(reportId))!.docNumber!.number).toBe(1);

    // The final report's mail shows 善后情况 and 下步打算.
    await untilIdle();
    const [finalMail] = await waitForMail(g.email('head'), 1, '【终报】');
    expect(finalMail?.body.text).toContain('善后情况：受伤值班员已送医，无大碍；已向听众致歉。');
    expect(finalMail?.body.text).toContain('下步打算：更换老化线路');
  });
});
