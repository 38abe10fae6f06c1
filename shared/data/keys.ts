/**
 * Every key of the single table is built here, so that an access pattern is changed in one place.
 * See README "Access patterns" for which index serves which question.
 */
export const DUE_SHARDS = 4;

export const keys = {
  org: (orgId: string) => ({ PK: `ORG#${orgId}`, SK: 'ORG' }),
  orgList: () => 'ORGS',
  department: (orgId: string, departmentId: string) => ({ PK: `ORG#${orgId}`, SK: `DEPT#${departmentId}` }),
  departmentPrefix: 'DEPT#',
  shift: (orgId: string, start: string, shiftId: string) => ({ PK: `ORG#${orgId}`, SK: `SHIFT#${start}#${shiftId}` }),
  shiftPrefix: 'SHIFT#',
  person: (personId: string) => ({ PK: `PERSON#${personId}`, SK: 'PERSON' }),
  orgPeople: (orgId: string) => `ORG#${orgId}#PEOPLE`,
  email: (email: string) => ({ PK: `EMAIL#${email.trim().toLowerCase()}`, SK: 'EMAIL' }),
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  reportPartition: (reportId: string) => `REPORT#${reportId}`,
  orgReports: (orgId: string) => `ORG#${orgId}#REPORTS`,
  event: (reportId: string, at: string, eventId: string) => ({ PK: `REPORT#${reportId}`, SK: `EVENT#${at}#${eventId}` }),
  mail: (reportId: string, mailKey: string) => ({ PK: `REPORT#${reportId}`, SK: `MAIL#${mailKey}` }),
  ackToken: (tokenHash: string) => ({ PK: `ACKTOKEN#${tokenHash}`, SK: 'ACKTOKEN' }),
  idempotency: (callerId: string, key: string) => ({ PK: `IDEMP#${callerId}#${key}`, SK: 'IDEMP' }),
  /** Sparse, sharded "due" index: only reports with something pending carry these attributes. */
  due: (reportId: string, dueAt: string) => ({ GSI2PK: `DUE#${shardOf(reportId)}`, GSI2SK: `${dueAt}#${reportId}` }),
  dueShard: (shard: number) => `DUE#${shard}`,
};

function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
}

export const INDEX = { byOwner: 'GSI1', byDue: 'GSI2' } as const;
