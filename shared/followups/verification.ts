import type { Caller } from '../platform/auth/caller.ts';
import { ConflictError, ForbiddenError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import { sendOnce } from '../platform/mail/send-once.ts';
import { isOfficeOf, orgNotFound, requireOrg, type Org } from '../org/index.ts';
import { mayOpenReport } from '../reports/index.ts';
import { NotFoundError } from '../platform/kernel/errors.ts';
import type { VerificationDeps, VerificationStore } from './ports.ts';
import {
  answersFor,
  assertAnswerable,
  isOverdue,
  mayAskVerification,
  verificationAccess,
  VERIFICATION_STATE_LABELS,
  type AnswerVerificationInput,
  type CreateVerificationInput,
  type VerificationRequest,
  type VerificationResource,
} from './rules/verification.ts';
import { verificationAnsweredMail, verificationAskMail } from './verification-mail.ts';

const { authorize, can } = verificationAccess;

/** The store of 核报 requests; absent only from hand-built test dependencies that never touch them. */
export function verificationsOf(deps: VerificationDeps): VerificationStore {
  if (!deps.verifications) throw new Error('verification repository not wired');
  return deps.verifications;
}

export const verificationNotFound = () => new NotFoundError('核报', 'VERIFICATION_NOT_FOUND');
const verificationBusy = () => new ConflictError('BUSY', '核报正在被同时修改，请稍后重试。');

export const linkOf = (deps: Pick<VerificationDeps, 'appUrl'>, requestId: string) =>
  `${deps.appUrl.replace(/\/$/, '')}/verification-requests/${requestId}`;

/** The request as the API and pages show it, with what the caller may do. */
export type VerificationView = Omit<VerificationRequest, 'recipients' | 'answer'> & {
  /** Who was asked, by name: no e-mail addresses leave the server. */
  recipients: { personId: string; name: string }[];
  answer?: NonNullable<VerificationRequest['answer']> & {
    /**
     * Where the answering report stands upward (it goes up by the principal leader's sign-off, 签发): `forwarded` with
     * `reportId` the parent's copy, which the asking organisation opens; `awaitingSignOff` until then; `kept` when
     * the sign-off decided not to send it up. Read from the report each time, so the link appears when the copy does.
     */
    upward?: { state: 'forwarded' | 'awaitingSignOff' | 'kept'; reportId?: string };
  };
  stateLabel: string;
  overdue: boolean;
  can: { answer: boolean };
};

function resourceOf(r: VerificationRequest, asking: Org | undefined, target: Org | undefined): VerificationResource {
  return {
    kind: 'verification',
    request: r,
    asking: { orgId: r.orgId, officeDepartmentId: asking?.officeDepartmentId },
    target: {
      orgId: r.targetOrgId,
      officeDepartmentId: target?.officeDepartmentId,
      principalLeaderId: target?.principalLeaderId,
    },
  };
}

const viewOf = (r: VerificationRequest, caller: Caller, res: VerificationResource, now: Date): VerificationView => ({
  ...r,
  recipients: r.recipients.map(({ personId, name }) => ({ personId, name })),
  stateLabel: isOverdue(r, now) ? '逾期未答复' : VERIFICATION_STATE_LABELS[r.state],
  overdue: isOverdue(r, now),
  can: { answer: r.state === 'open' && can(caller, 'verification.answer', res) },
});

/** The view with where its answering report stands upward (`answer.upward`). */
async function withUpward(deps: VerificationDeps, v: VerificationView): Promise<VerificationView> {
  if (!v.answer?.reportId) return v;
  const lower = await deps.reports.get(v.answer.reportId);
  if (!lower) return v;
  const upward: NonNullable<VerificationView['answer']>['upward'] = lower.forwardedReportId
    ? { state: 'forwarded', reportId: lower.forwardedReportId }
    : lower.signOff?.decision === 'keep'
      ? { state: 'kept' }
      : { state: 'awaitingSignOff' };
  return { ...v, answer: { ...v.answer, upward } };
}

/**
 * The upper office asks a lower organisation to verify an event it heard of (核报, POLICY.md §3.5).
 * 1. Only the office of `orgId` (another organisation's caller: 404; a colleague without the office: 403); the target
 *    must be an organisation directly below it (400 naming `targetOrgId`); the deadline in the future (400 `dueAt`).
 * 2. Writes the request with its open rows (both organisations) and its due entry in one transaction.
 * 3. Mails the target's office heads and principal leader at once, each once (the every-minute check sends what a
 *    failure left unsent: the request stays due until its mails went).
 */
export async function createVerificationRequest(
  deps: VerificationDeps,
  caller: Caller,
  orgId: string,
  input: CreateVerificationInput,
): Promise<VerificationView> {
  const store = verificationsOf(deps);
  const now = deps.clock();
  const org = await requireOrg(deps.orgs, orgId);
  const decision = mayAskVerification(caller, org);
  if (decision === 'hide') throw orgNotFound();
  if (decision === 'forbid') throw new ForbiddenError('只有本单位办公室可以发起核报。');
  const details: ErrorDetail[] = [];
  const target = await deps.orgs.getOrg(input.targetOrgId);
  if (!target || target.parentOrgId !== org.orgId)
    details.push({ field: 'targetOrgId', code: 'not_lower', message: '核报单位须是本单位的下级单位' });
  if (new Date(input.dueAt) <= now) details.push({ field: 'dueAt', code: 'in_past', message: '核报时限必须晚于现在' });
  if (details.length || !target) throw new ValidationError(details);
  const people = await deps.orgs.listPeople(target.orgId);
  const recipients = people
    .filter(
      (p) =>
        p.email &&
        (p.roles.includes('officeHead') ||
          p.roles.includes('principalLeader') ||
          p.personId === target.principalLeaderId),
    )
    .map((p) => ({ personId: p.personId, name: p.name, email: p.email }));
  const r: VerificationRequest = {
    requestId: deps.ids(),
    orgId: org.orgId,
    orgName: org.name,
    targetOrgId: target.orgId,
    targetOrgName: target.name,
    subject: input.subject,
    details: input.details,
    ...(input.heardFrom ? { heardFrom: input.heardFrom } : {}),
    dueAt: new Date(input.dueAt).toISOString(),
    timezone: org.timezone,
    createdAt: now.toISOString(),
    createdById: caller.personId,
    createdByName: caller.name,
    state: 'open',
    recipients,
    version: 0,
  };
  await store.create(r);
  const advanced = await advanceVerification(deps, r.requestId, now).catch((err) => {
    deps.log.warn('verification mails failed; the check sends them', { error: String(err) });
    return undefined;
  });
  const res = resourceOf(r, org, target);
  return viewOf(advanced ?? r, caller, res, now);
}

async function load(deps: VerificationDeps, requestId: string) {
  const r = await verificationsOf(deps).get(requestId);
  if (!r) throw verificationNotFound();
  const [asking, target] = await Promise.all([deps.orgs.getOrg(r.orgId), deps.orgs.getOrg(r.targetOrgId)]);
  return { r, res: resourceOf(r, asking, target) };
}

/** One request: the asking office and leaders, the target's office and principal leader; anyone else 404. */
export async function getVerificationRequest(
  deps: VerificationDeps,
  caller: Caller,
  requestId: string,
): Promise<VerificationView> {
  const { r, res } = await load(deps, requestId);
  authorize(caller, 'verification.read', res);
  return withUpward(deps, viewOf(r, caller, res, deps.clock()));
}

/**
 * The target's office or principal leader answers, once (409 `ALREADY_ANSWERED` the second time): with a report of
 * its own organisation that the caller may open (400 naming `reportId` otherwise), or "经核实无此事" with the
 * explanation. After the deadline it is still accepted, marked late; the finding proposed stays for the asking office
 * to decide. The asker is mailed the answer.
 */
export async function answerVerificationRequest(
  deps: VerificationDeps,
  caller: Caller,
  requestId: string,
  input: AnswerVerificationInput,
): Promise<VerificationView> {
  const store = verificationsOf(deps);
  let report: { reportId: string; title: string } | undefined;
  const saved = await retryStale(
    4,
    async () => {
      const { r, res } = await load(deps, requestId);
      authorize(caller, 'verification.answer', res);
      assertAnswerable(r);
      const now = deps.clock();
      if (input.reportId && !report) {
        const found = await deps.reports.get(input.reportId);
        if (!found || found.orgId !== r.targetOrgId || !mayOpenReport(caller, found, res.target.officeDepartmentId))
          throw new ValidationError([
            { field: 'reportId', code: 'unknown', message: '没有这份报告（须是本单位您可查看的报告）' },
          ]);
        report = { reportId: found.reportId, title: found.title };
      }
      const next: VerificationRequest = {
        ...r,
        state: 'answered',
        answer: {
          at: now.toISOString(),
          byId: caller.personId,
          byName: caller.name,
          ...(report ? { reportId: report.reportId, reportTitle: report.title } : {}),
          ...(input.noSuchEvent ? { noSuchEvent: true, explanation: input.explanation } : {}),
          late: new Date(r.dueAt) <= now,
        },
      };
      return (await store.save(next, r.version)) ? { next: { ...next, version: r.version + 1 }, res, now } : STALE;
    },
    () => {
      throw verificationBusy();
    },
  );
  const asker = await deps.orgs.getPerson(saved.next.createdById);
  if (asker?.email) {
    const mail = verificationAnsweredMail(saved.next, asker, linkOf(deps, requestId));
    await sendOnce(deps.mailer, store.mailSlot(requestId, `answered#${asker.personId}`), saved.now, mail, () => mail)
      .then(() => undefined)
      .catch((err) => deps.log.warn('verification answer mail failed', { error: String(err) }));
  }
  return withUpward(deps, viewOf(saved.next, caller, saved.res, saved.now));
}

/**
 * What an open request is owed at `now`, each step once: its mails (to each recipient, send-once), then at the
 * deadline, unanswered, the proposed missed-report finding in the asking organisation (when the caller can propose
 * one: the every-minute check). Saved under the request's lock; returns the request as saved, or undefined.
 */
export async function advanceVerification(
  deps: VerificationDeps,
  requestId: string,
  now: Date,
): Promise<VerificationRequest | undefined> {
  const store = verificationsOf(deps);
  return retryStale(
    4,
    async () => {
      const r = await store.get(requestId);
      if (r?.state !== 'open') return undefined;
      let next: VerificationRequest = r;
      if (!r.mailedAt) {
        const link = linkOf(deps, requestId);
        for (const person of r.recipients) {
          const mail = verificationAskMail(r, person, link);
          const sent = await sendOnce(
            deps.mailer,
            store.mailSlot(requestId, `ask#${person.personId}`),
            now,
            mail,
            () => mail,
          );
          if (sent.status === 'busy') return undefined;
        }
        next = { ...next, mailedAt: now.toISOString() };
      }
      if (!next.findingId && isOverdue(next, now) && deps.missedFindings) {
        const findingId = await deps.missedFindings.proposeMissed(next, now);
        next = { ...next, overdueAt: now.toISOString(), findingId };
      }
      if (next === r) return undefined;
      return (await store.save(next, r.version)) ? { ...next, version: r.version + 1 } : STALE;
    },
    () => undefined,
  );
}

/** The every-minute part of 核报: every request with something due, advanced. */
export async function advanceDueVerifications(deps: VerificationDeps, now: Date) {
  if (!deps.verifications) return { due: 0, advanced: 0, failed: 0, itemsRead: 0 };
  const { ids, itemsRead } = await deps.verifications.dueBy(now);
  let advanced = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await advanceVerification(deps, id, now)) advanced++;
    } catch (err) {
      failed++;
      deps.log.error('advancing a verification request failed', { requestId: id, error: String(err) });
    }
  }
  return { due: ids.length, advanced, failed, itemsRead };
}

/** Whether the caller answers 核报 for their own organisation (its office or principal leader). */
export function answersForOwnOrg(caller: Caller, org: Org | undefined): boolean {
  return !!org && answersFor(caller, org);
}

/** The open requests asked of the caller's organisation, when the caller answers for it (待办). */
export async function verificationsToAnswer(deps: VerificationDeps, caller: Caller): Promise<VerificationRequest[]> {
  if (!deps.verifications) return [];
  const org = await deps.orgs.getOrg(caller.orgId);
  if (!answersForOwnOrg(caller, org)) return [];
  return deps.verifications.openFor(caller.orgId);
}

/** 督办's part of 核报: what the organisation asked and waits for, and what was asked of it. */
export async function verificationSupervision(deps: VerificationDeps, orgId: string, now: Date) {
  if (!deps.verifications) return { verificationsAsked: [], verificationsToAnswer: [] };
  const [asked, toAnswer] = await Promise.all([
    deps.verifications.openSentBy(orgId),
    deps.verifications.openFor(orgId),
  ]);
  const view = (r: VerificationRequest) => ({
    requestId: r.requestId,
    subject: r.subject,
    orgName: r.orgName,
    targetOrgName: r.targetOrgName,
    dueAt: r.dueAt,
    overdue: isOverdue(r, now),
    findingId: r.findingId,
  });
  return { verificationsAsked: asked.map(view), verificationsToAnswer: toAnswer.map(view) };
}

/** The lower organisations the caller's office may ask (the form's choice). */
export async function askableOrgs(deps: VerificationDeps, caller: Caller) {
  const org = await requireOrg(deps.orgs, caller.orgId);
  if (!isOfficeOf(caller, org)) throw new ForbiddenError('只有本单位办公室可以发起核报。');
  return { org, lowerOrgs: await verificationsOf(deps).lowerOrgsOf(org.orgId) };
}
