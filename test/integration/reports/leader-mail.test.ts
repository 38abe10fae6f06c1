import { describe, expect, it } from 'vitest';
import { clockTime } from '../../../shared/reports/escalation-mail.ts';
import {
  ALWAYS,
  ackLinkIn,
  givenOrg,
  givenReport,
  linkIn,
  reportRepo,
  stack,
  waitFor,
  waitForMail,
} from '../../support/scenario.ts';

/** Issue 17, item 8: the mail a leader acts on from a phone. */
describe('the mail a leader acts on from a phone', () => {
  it('button first with the deadline in the local zone, the key facts, the report link; after acknowledging the page links to the report', async () => {
    const g = await givenOrg({ hours: ALWAYS, tz: 'Asia/Urumqi' });
    const { reportId } = await givenReport(g, {
      losses: '设备烧毁，损失约 5 万元',
      impact: '直播中断 10 分钟',
      leadersOnSite: '分管领导已到场',
      requests: '请求消防支援',
    });
    const [mail] = await waitForMail(g.email('head'));
    const level = await waitFor('the first level saved as notified', async () => {
      const l = (await reportRepo().get(reportId))?.chain[0];
      return l?.ackDeadline ? l : undefined;
    });
    const lines = mail!.body.text.split('\n');
    expect(lines[0]).toContain('/ack/');
    expect(lines[1]).toBe(`请于 ${clockTime(level.ackDeadline!, level.notifiedAt!, g.tz)} 前确认，逾时将报送上一级。`);
    for (const fact of ['设备烧毁，损失约 5 万元', '直播中断 10 分钟', '分管领导已到场', '请求消防支援'])
      expect(mail!.body.text).toContain(fact);
    expect(linkIn(mail!, 'reports')).toBe(`${stack().appUrl}/reports/${reportId}`);
    expect(mail!.body.html).toContain('max-width:480px');

    const done = await fetch(ackLinkIn(mail!), { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`href="/reports/${reportId}"`);
  });

  it('a restricted (密级) report is mailed with its category, severity, time and link only', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g, { confidentiality: 'restricted', losses: '机密损失' });
    const [mail] = await waitForMail(g.email('head'));
    expect(mail!.subject).toBe('【紧急信息】III级 安全事故（火灾、盗窃、破坏、重伤、交通事故）（密级）');
    for (const secret of ['演播室起火', '二楼演播室', '电线短路', '灭火器', '机密损失', '李信息'])
      expect(mail!.body.text + mail!.body.html).not.toContain(secret);
    expect(linkIn(mail!, 'reports')).toBe(`${stack().appUrl}/reports/${reportId}`);
    expect(ackLinkIn(mail!)).toContain('/ack/');
  });
});
