import { hashAckToken } from '#shared/reports/ack-token.ts';
import { acknowledgeReport, resolveAckLink } from '#shared/reports/acknowledge-report.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { pageHandler } from '#shared/platform/http/page-handler.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { ackDonePage, ackPage } from '#shared/reports/report-pages.ts';

/**
 * GET /ack/{token} shows the report and one button; POST /ack/{token} acknowledges. GET never changes anything,
 * because mail scanners open links.
 */
export const handler = pageHandler({ auth: false }, async ({ event, params, deps }) => {
  const token = params.token ?? '';
  const { record, report } = await resolveAckLink(deps, token);
  const level = report.chain.find((l) => l.level === record.level);
  const personName = level?.name ?? '';
  if (event.requestContext.http.method === 'GET') return { html: layout('确认接报', ackPage({ report, personName, token })) };
  if (event.requestContext.http.method !== 'POST') throw new NotFoundError('页面');
  const now = deps.clock();
  const result = await acknowledgeReport(deps, {
    reportId: report.reportId,
    personId: record.personId,
    level: record.level,
    actorName: personName,
    sourceIp: event.requestContext.http.sourceIp,
    tokenHash: hashAckToken(token),
  });
  return { html: layout('已确认接报', ackDonePage({ report: result.report, personName, at: now.toISOString() })) };
});
