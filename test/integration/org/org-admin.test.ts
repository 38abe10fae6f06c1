import { describe, expect, it } from 'vitest';
import { api, givenOrg, localMonth, minutesFrom, NEVER, orgRepo, signIn } from '../../support/scenario.ts';

const addMonths = (ym: string, n: number) => {
  const d = new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};

describe('organisation administration', () => {
  it('the office adds a department and a person, and GET /api/orgs/{orgId} shows them', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const dept = await api('POST', `/api/orgs/${g.orgId}/departments`, {
      token,
      body: { name: '广告部', headId: g.people.head.personId },
    });
    expect(dept.status).toBe(201);
    const person = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: {
        name: '王五',
        email: `Wang.Wu-${g.orgId}@Test.local`,
        phone: '0991-1234567',
        roles: ['reporter', 'reviewer'],
        departmentId: dept.body.departmentId,
      },
    });
    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({
      name: '王五',
      email: `wang.wu-${g.orgId}@test.local`,
      roles: ['reporter', 'reviewer'],
      available: true,
      phone: '+869911234567',
    });

    const org = await api('GET', `/api/orgs/${g.orgId}`, { token });
    expect(org.status).toBe(200);
    expect(org.body.departments).toContainEqual({
      departmentId: dept.body.departmentId,
      name: '广告部',
      headId: g.people.head.personId,
      supervisingLeaderId: null,
      isOffice: false,
    });
    expect(org.body.people.map((p: { name: string }) => p.name)).toContain('王五');
    expect(org.body.officeDepartmentId).toBe(g.officeId);
    // The new person can sign in at once.
    expect(
      (await api('GET', '/api/me', { token: await signIn(`wang.wu-${g.orgId}@test.local`) })).body.departmentId,
    ).toBe(dept.body.departmentId);
  });

  it('takes a mainland mobile as typed and stores it in E.164; refuses a wrong number naming phone, on create and edit', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const body = { name: '赵六', email: `zhao-${g.orgId}@test.local`, roles: ['reporter'] };
    const bad = await api('POST', `/api/orgs/${g.orgId}/people`, { token, body: { ...body, phone: '138 1234' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['phone']);
    expect((await orgRepo().listPeople(g.orgId)).map((p) => p.email)).not.toContain(body.email);
    const made = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { ...body, phone: '0086 138 1234 5678' },
    });
    expect(made.status).toBe(201);
    expect(made.body.phone).toBe('+8613812345678');
    const path = `/api/people/${made.body.personId}`;
    const badEdit = await api('PATCH', path, { token, body: { phone: '+86 12345' } });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.details.map((d: { field: string }) => d.field)).toEqual(['phone']);
    expect((await api('PATCH', path, { token, body: { phone: '139-0000-0009' } })).body.phone).toBe('+8613900000009');
  });

  it('names each bad field, refuses a registered e-mail with 409, and writes nothing when it rejects', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const bad = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { name: '', email: 'not-an-email', roles: ['boss'], departmentId: g.newsId },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name', 'roles.0']);
    const taken = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { name: '重名', email: g.email('head').toUpperCase(), roles: ['reporter'] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');
    const unknownDept = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { name: '张三', email: `zs-${g.orgId}@test.local`, roles: [], departmentId: 'nope' },
    });
    expect(unknownDept.status).toBe(400);
    expect(unknownDept.body.error.details[0].field).toBe('departmentId');
    expect(await orgRepo().findPersonByEmail(`zs-${g.orgId}@test.local`)).toBeUndefined();
    expect((await orgRepo().listPeople(g.orgId)).length).toBe(8);
    const dupDept = await api('POST', `/api/orgs/${g.orgId}/departments`, { token, body: { name: '新闻部' } });
    expect(dupDept.status).toBe(409);
    expect((await orgRepo().listDepartments(g.orgId)).length).toBe(3);
  });

  it('marks a person on leave until a date, and back; a past `until` is refused', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const until = minutesFrom(3 * 24 * 60);
    const leave = await api('PATCH', `/api/people/${g.people.head.personId}`, {
      token,
      body: { available: false, until },
    });
    expect(leave.status).toBe(200);
    expect(leave.body).toMatchObject({ available: false, until });
    expect(await orgRepo().getPerson(g.people.head.personId)).toMatchObject({
      available: false,
      unavailableUntil: until,
    });
    const past = await api('PATCH', `/api/people/${g.people.head.personId}`, {
      token,
      body: { available: false, until: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].field).toBe('until');
    const back = await api('PATCH', `/api/people/${g.people.head.personId}`, { token, body: { available: true } });
    expect(back.body).toMatchObject({ available: true, until: null });
    expect((await orgRepo().getPerson(g.people.head.personId))?.unavailableUntil).toBeUndefined();
  });

  it('changes an e-mail address by moving its claim; a taken one is 409 and the old one keeps working', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const taken = await api('PATCH', `/api/people/${g.people.reporter.personId}`, {
      token,
      body: { email: g.email('head') },
    });
    expect(taken.status).toBe(409);
    expect((await orgRepo().findPersonByEmail(g.email('reporter')))?.personId).toBe(g.people.reporter.personId);
    const moved = await api('PATCH', `/api/people/${g.people.reporter.personId}`, {
      token,
      body: { email: `new-${g.email('reporter')}` },
    });
    expect(moved.status).toBe(200);
    expect((await orgRepo().findPersonByEmail(`new-${g.email('reporter')}`))?.personId).toBe(
      g.people.reporter.personId,
    );
    expect(await orgRepo().findPersonByEmail(g.email('reporter'))).toBeUndefined();
  });

  it('replaces a period of the duty roster, reports its gaps and overlaps, and answers who is on duty at T', async () => {
    const g = await givenOrg({ hours: NEVER });
    const token = await signIn(g.email('office'));
    const day = '2031-03-03';
    const at = (hh: string) => `${day}T${hh}:00+08:00`;
    const put = await api('PUT', `/api/orgs/${g.orgId}/duty-roster`, {
      token,
      body: {
        from: at('00:00'),
        to: `2031-03-04T00:00:00+08:00`,
        shifts: [
          {
            start: at('00:00'),
            end: at('09:00'),
            dutyLeaderId: g.people.duty.personId,
            dutyOfficerId: g.people.office.personId,
          },
          { start: at('08:00'), end: at('18:00'), dutyLeaderId: g.people.leader.personId },
          { start: at('20:00'), end: '2031-03-04T00:00:00+08:00', dutyLeaderId: g.people.duty.personId },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.shifts).toHaveLength(3);
    expect(put.body.gaps).toEqual([{ start: '2031-03-03T10:00:00.000Z', end: '2031-03-03T12:00:00.000Z' }]);
    expect(put.body.overlaps).toHaveLength(1);
    expect(put.body.overlaps[0]).toMatchObject({ start: '2031-03-03T00:00:00.000Z', end: '2031-03-03T01:00:00.000Z' });

    const night = await api('GET', `/api/orgs/${g.orgId}/on-duty?at=${encodeURIComponent(at('22:30'))}`, { token });
    expect(night.body).toMatchObject({
      uncovered: false,
      dutyLeader: { personId: g.people.duty.personId, name: '值班领导' },
    });
    const gap = await api('GET', `/api/orgs/${g.orgId}/on-duty?at=${encodeURIComponent(at('19:00'))}`, { token });
    expect(gap.body).toMatchObject({
      uncovered: true,
      dutyLeader: null,
      principalLeader: { personId: g.people.chief.personId },
    });
    expect(gap.body.notice).toContain('主要领导');

    // A second PUT of the same period replaces it: no duplicates.
    const again = await api('PUT', `/api/orgs/${g.orgId}/duty-roster`, {
      token,
      body: {
        from: at('00:00'),
        to: '2031-03-04T00:00:00+08:00',
        shifts: [{ start: at('00:00'), end: '2031-03-04T00:00:00+08:00', dutyLeaderId: g.people.leader.personId }],
      },
    });
    expect(again.body).toMatchObject({ gaps: [], overlaps: [] });
    expect(again.body.shifts).toHaveLength(1);
    const read = await api(
      'GET',
      `/api/orgs/${g.orgId}/duty-roster?from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent('2031-03-04T00:00:00+08:00')}`,
      { token },
    );
    expect(read.body.shifts.map((s: { dutyLeaderName: string }) => s.dutyLeaderName)).toEqual(['分管领导']);
  });

  it('refuses a bad shift by field and leaves the roster as it was', async () => {
    const g = await givenOrg({ withDuty: true });
    const token = await signIn(g.email('office'));
    const before = await orgRepo().listShifts(
      g.orgId,
      new Date(Date.now() - 86400_000),
      new Date(Date.now() + 3 * 86400_000),
    );
    const now = Date.now();
    const bad = await api('PUT', `/api/orgs/${g.orgId}/duty-roster`, {
      token,
      body: {
        from: new Date(now - 7200_000).toISOString(),
        to: new Date(now + 86400_000).toISOString(),
        shifts: [
          {
            start: new Date(now).toISOString(),
            end: new Date(now - 60_000).toISOString(),
            dutyLeaderId: g.people.duty.personId,
          },
          {
            start: new Date(now).toISOString(),
            end: new Date(now + 3600_000).toISOString(),
            dutyLeaderId: 'someone-else',
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'shifts.0.end',
      'shifts.1.dutyLeaderId',
    ]);
    const after = await orgRepo().listShifts(
      g.orgId,
      new Date(Date.now() - 86400_000),
      new Date(Date.now() + 3 * 86400_000),
    );
    expect(after).toEqual(before);
  });

  it('takes calendar overrides at once, and says plainly when a year has no official schedule', async () => {
    const g = await givenOrg({
      hours: {
        days: [1, 2, 3, 4, 5],
        periods: [
          { start: '08:30', end: '12:00' },
          { start: '14:00', end: '17:30' },
        ],
      },
    });
    const token = await signIn(g.email('office'));
    const friday = encodeURIComponent('2027-01-01T10:00:00+08:00');
    expect((await api('GET', `/api/orgs/${g.orgId}/on-duty?at=${friday}`, { token })).body.workingTime).toBe(true);
    const cal = await api('GET', `/api/orgs/${g.orgId}/calendar/2027`, { token });
    expect(cal.body).toMatchObject({ year: 2027, officialScheduleKnown: false });
    expect(cal.body.notice).toContain('2027');
    const put = await api('PUT', `/api/orgs/${g.orgId}/calendar/2027`, {
      token,
      body: { holidays: ['2027-01-01'], workdays: ['2027-01-02'] },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      officialScheduleKnown: false,
      overrides: { holidays: ['2027-01-01'], workdays: ['2027-01-02'] },
    });
    expect((await api('GET', `/api/orgs/${g.orgId}/on-duty?at=${friday}`, { token })).body.workingTime).toBe(false);
    expect(
      (
        await api('GET', `/api/orgs/${g.orgId}/on-duty?at=${encodeURIComponent('2027-01-02T10:00:00+08:00')}`, {
          token,
        })
      ).body.workingTime,
    ).toBe(true);
    expect((await orgRepo().getOrg(g.orgId))?.calendarOverrides?.holidays).toContain('2027-01-01');
    expect((await api('GET', `/api/orgs/${g.orgId}/calendar/2026`, { token })).body).toMatchObject({
      officialScheduleKnown: true,
      notice: null,
    });

    const wrong = await api('PUT', `/api/orgs/${g.orgId}/calendar/2027`, {
      token,
      body: { holidays: ['2026-10-01', '2027-13-01'], workdays: [] },
    });
    expect(wrong.status).toBe(400);
    expect((await orgRepo().getOrg(g.orgId))?.calendarByYear?.['2027']).toEqual({
      holidays: ['2027-01-01'],
      workdays: ['2027-01-02'],
    });
  });

  it('smsSeverities: I–II by default, changed by the office, a wrong level refused naming the field', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    expect((await api('GET', `/api/orgs/${g.orgId}`, { token })).body.config.smsSeverities).toEqual(['I', 'II']);
    for (const wrong of [['I', 'V'], ['I', 'I'], 'I']) {
      const bad = await api('PUT', `/api/orgs/${g.orgId}/config`, { token, body: { smsSeverities: wrong } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field.split('.')[0])).toEqual(['smsSeverities']);
    }
    const ok = await api('PUT', `/api/orgs/${g.orgId}/config`, { token, body: { smsSeverities: ['I', 'II', 'III'] } });
    expect(ok.status).toBe(200);
    expect((await api('GET', `/api/orgs/${g.orgId}`, { token })).body.config.smsSeverities).toEqual(['I', 'II', 'III']);
  });

  it('versions the configuration by month: a future month leaves this one alone, past months are refused', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const now = localMonth(g);
    const past = await api('PUT', `/api/orgs/${g.orgId}/config`, {
      token,
      body: { effectiveMonth: addMonths(now, -1), parallelPrincipalSeverities: ['I'] },
    });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('PAST_MONTH');
    const future = await api('PUT', `/api/orgs/${g.orgId}/config`, {
      token,
      body: {
        effectiveMonth: addMonths(now, 1),
        severities: {
          I: { reportLimitMinutes: 30, ackTimeoutMinutes: 5 },
          II: { reportLimitMinutes: 60, ackTimeoutMinutes: 15 },
          III: { reportLimitMinutes: 60, ackTimeoutMinutes: 30 },
          IV: { reportLimitMinutes: 360, ackTimeoutMinutes: 60 },
        },
      },
    });
    expect(future.status).toBe(200);
    expect(future.body).toMatchObject({
      inEffectNow: false,
      config: { quotas: { departmentItemsPerWeek: 1 }, rewards: { adopted: 50, provincial: 100, central: 200 } },
    });
    let org = await api('GET', `/api/orgs/${g.orgId}`, { token });
    expect(org.body.config.severities.I.ackTimeoutMinutes).toBe(10);
    const current = await api('PUT', `/api/orgs/${g.orgId}/config`, {
      token,
      body: { parallelPrincipalSeverities: ['I'] },
    });
    expect(current.body).toMatchObject({ effectiveMonth: now, inEffectNow: true });
    org = await api('GET', `/api/orgs/${g.orgId}`, { token });
    expect(org.body).toMatchObject({ configMonth: now, config: { parallelPrincipalSeverities: ['I'] } });
    expect(org.body.configVersions.map((v: { month: string }) => v.month)).toEqual([now, addMonths(now, 1)]);

    const invalid = await api('PUT', `/api/orgs/${g.orgId}/config`, {
      token,
      body: {
        categories: [
          { code: 'a', label: 'A' },
          { code: 'a', label: 'B' },
        ],
        workingHours: { days: [1], periods: [{ start: '18:00', end: '08:00' }] },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'categories.1.code',
      'workingHours.periods.0.end',
    ]);
    expect((await orgRepo().listConfigVersions(g.orgId)).length).toBe(2);
  });

  it('lets the office create a subordinate organisation and then manage it; a top-level one needs an administrator', async () => {
    const g = await givenOrg();
    const office = await signIn(g.email('office'));
    const top = await api('POST', '/api/orgs', { token: office, body: { name: '另一个单位' } });
    expect(top.status).toBe(403);
    const child = await api('POST', '/api/orgs', {
      token: office,
      body: { name: '下属乡镇', parentOrgId: g.orgId, timezone: 'Asia/Urumqi' },
    });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ name: '下属乡镇', parentOrgId: g.orgId, timezone: 'Asia/Urumqi' });
    const dept = await api('POST', `/api/orgs/${child.body.orgId}/departments`, {
      token: office,
      body: { name: '办公室', isOffice: true },
    });
    expect(dept.status).toBe(201);
    const view = await api('GET', `/api/orgs/${child.body.orgId}`, { token: office });
    expect(view.body.officeDepartmentId).toBe(dept.body.departmentId);
    const badTz = await api('POST', '/api/orgs', {
      token: office,
      body: { name: 'X', parentOrgId: g.orgId, timezone: 'Mars/Olympus' },
    });
    expect(badTz.status).toBe(400);
    expect(badTz.body.error.details[0].field).toBe('timezone');
  });
});

describe('CSV import', () => {
  it('imports people and new departments from an Excel CSV with BOM, and fills the office and the principal leader', async () => {
    const admin = await givenOrg();
    const office = await signIn(admin.email('office'));
    const org = await api('POST', '/api/orgs', { token: office, body: { name: '新单位', parentOrgId: admin.orgId } });
    const orgId = org.body.orgId as string;
    const tag = orgId.toLowerCase();
    const csv = `\uFEFF姓名,邮箱,电话,角色,部门\r\n张主任,zhang-${tag}@test.local,13900000001,officeHead;信息员,办公室\r\n李台长,li-${tag}@test.local,,主要领导,\r\n"王, 记者",wang-${tag}@test.local,,reporter,新闻部\r\n赵主任,zhao-${tag}@test.local,,部门负责人,新闻部\r\n`;
    const r = await api('POST', `/api/orgs/${orgId}/import`, {
      token: office,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(4);
    expect(r.body.departmentsCreated.map((d: { name: string }) => d.name).sort()).toEqual(['办公室', '新闻部']);
    const view = await api('GET', `/api/orgs/${orgId}`, { token: office });
    const byName = Object.fromEntries(view.body.people.map((p: { name: string }) => [p.name, p]));
    expect(byName['王, 记者']).toBeDefined();
    expect(byName['张主任'].roles).toEqual(['officeHead', 'reporter']);
    expect(view.body.principalLeaderId).toBe(byName['李台长'].personId);
    const news = view.body.departments.find((d: { name: string }) => d.name === '新闻部');
    expect(news.headId).toBe(byName['赵主任'].personId);
    expect(view.body.officeDepartmentId).toBe(
      view.body.departments.find((d: { name: string }) => d.name === '办公室').departmentId,
    );
    // The imported office head now runs the new organisation.
    const own = await api('GET', `/api/orgs/${orgId}`, { token: await signIn(`zhang-${tag}@test.local`) });
    expect(own.status).toBe(200);
  });

  it('rejects the whole file when any row is wrong, listing each row by line number, and imports nothing', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const tag = g.orgId;
    const csv = `name,email,phone,roles,department\nGood One,good-${tag}@test.local,,reporter,新部门\n,nobody-${tag}@test.local,,,\nBad Mail,not-mail,,,\nTaken,${g.email('head')},,,\nDup,good-${tag}@test.local,,,\nRole,role-${tag}@test.local,,captain,\n`;
    const r = await api('POST', `/api/orgs/${g.orgId}/import`, {
      token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      '3:name',
      '4:email',
      '5:email',
      '6:email',
      '7:roles',
    ]);
    expect(r.body.error.details[0].message).toMatch(/^第 3 行/);
    expect(await orgRepo().findPersonByEmail(`good-${tag}@test.local`)).toBeUndefined();
    expect((await orgRepo().listDepartments(g.orgId)).map((d) => d.name)).not.toContain('新部门');
    const header = await api('POST', `/api/orgs/${g.orgId}/import`, {
      token,
      raw: 'foo,bar\n1,2\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(header.status).toBe(400);
    expect(header.body.error.details[0]).toMatchObject({ line: 1, field: 'header' });
  });
});

describe('Idempotency-Key on creating calls', () => {
  it('returns the first answer for the same key and body, creates nothing new, and refuses the key with another body', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('office'));
    const key = `person-${g.orgId}`;
    const body = { name: '幂等', email: `idem-${g.orgId}@test.local`, roles: ['reporter'] };
    const first = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const again = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await orgRepo().listPeople(g.orgId)).filter((p) => p.name === '幂等')).toHaveLength(1);
    const other = await api('POST', `/api/orgs/${g.orgId}/people`, {
      token,
      body: { ...body, name: '另一个' },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const dept1 = await api('POST', `/api/orgs/${g.orgId}/departments`, {
      token,
      body: { name: '幂等部' },
      headers: { 'idempotency-key': `dept-${g.orgId}` },
    });
    const dept2 = await api('POST', `/api/orgs/${g.orgId}/departments`, {
      token,
      body: { name: '幂等部' },
      headers: { 'idempotency-key': `dept-${g.orgId}` },
    });
    expect([dept1.status, dept2.status]).toEqual([201, 201]);
    expect(dept2.body.departmentId).toBe(dept1.body.departmentId);
    const org1 = await api('POST', '/api/orgs', {
      token,
      body: { name: '幂等乡', parentOrgId: g.orgId },
      headers: { 'idempotency-key': `org-${g.orgId}` },
    });
    const org2 = await api('POST', '/api/orgs', {
      token,
      body: { name: '幂等乡', parentOrgId: g.orgId },
      headers: { 'idempotency-key': `org-${g.orgId}` },
    });
    expect(org2.body.orgId).toBe(org1.body.orgId);
    const badKey = await api('POST', '/api/orgs', {
      token,
      body: { name: '坏键', parentOrgId: g.orgId },
      headers: { 'idempotency-key': 'bad key!' },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details[0].field).toBe('Idempotency-Key');
  });
});
