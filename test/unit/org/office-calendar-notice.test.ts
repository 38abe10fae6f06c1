import { describe, expect, it } from 'vitest';
import { officeCalendarNotice } from '../../../shared/org/rules/calendar.ts';
import { renderScoreMail } from '../../../shared/scores/score-mail.ts';

/** Issue 3: a year whose official holidays the package does not carry is told to the office in its monthly mail. */
describe('the calendar notice in the office’s monthly mail', () => {
  const org = { timezone: 'Asia/Shanghai', calendarByYear: {} };
  it.each([
    ['1 Nov 2026: 2026 and early December are known', '2026-11-01T01:00:00+08:00', undefined],
    ['1 Dec 2026: the coming month reaches 2027, which is not known', '2026-12-01T01:00:00+08:00', 2027],
    ['1 Jan 2027: the current year is not known', '2027-01-01T01:00:00+08:00', 2027],
  ])('%s', (_name, at, year) => {
    const notice = officeCalendarNotice(org, new Date(at));
    if (year === undefined) expect(notice).toBeUndefined();
    else expect(notice).toContain(`${year} 年`);
  });

  it('stands at the top of the mail, in the HTML and the text part', () => {
    const mail = renderScoreMail(
      { orgName: '示范县融媒体中心', month: '2026-12', link: 'http://x/scores' },
      { name: '王办公', email: 'office@demo.local' },
      { departments: [], selves: [], calendarNotice: '系统尚未收录 2027 年……' },
      0,
    );
    expect(mail.html).toContain('请注意工作日历');
    expect(mail.text.split('\n')[2]).toBe('请注意工作日历：系统尚未收录 2027 年……');
  });
});
