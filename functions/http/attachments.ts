import { attachmentRepo, fileStore, itemRepo, logError, productionDeps, reportRepo } from '#shared/app/production.ts';
import { ATTACHMENT_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from './handlers.ts';
import type { Deps } from '#shared/app/ports.ts';
import { uploadPage } from '#shared/attachments/attachment-pages.ts';
import {
  attachmentView,
  confirmUpload,
  downloadUrl,
  listAttachments,
  requestUpload,
} from '#shared/attachments/attachments.ts';
import type { AttachmentsDeps, RecordAccess } from '#shared/attachments/ports.ts';
import { parseRecordTag, type RecordRef } from '#shared/attachments/rules/attachment.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { AppError, NotFoundError } from '#shared/platform/kernel/errors.ts';
import { html } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { api, httpFunction, page } from '#shared/platform/http/router.ts';
import { getItem } from '#shared/work-info/item-flow.ts';
import { visibleBundle, visibleReport } from './reports/visible.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  attachments: attachmentRepo,
  files: fileStore,
});

const hidden = (err: unknown) => {
  if (err instanceof NotFoundError) return false;
  throw err;
};

/**
 * Who may see a record is the record's own rule: a report's (`visibleReport`), a follow-up's is its report's (and
 * the follow-up must exist), an item's (`getItem`, work-info's `item.read`).
 */
const recordAccess = (deps: Deps): RecordAccess => ({
  async canSee(caller: Caller, record: RecordRef) {
    if (record.kind === 'report') return visibleReport(deps, caller, record.reportId).then(() => true, hidden);
    if (record.kind === 'followup')
      return visibleBundle(deps, caller, record.reportId).then(
        ({ bundle }) => bundle.followups.some((f) => f.sequence === record.sequence),
        hidden,
      );
    return getItem(deps, caller, record.itemId).then(() => true, hidden);
  },
  page: (record) => (record.kind === 'item' ? `/items/${record.itemId}` : `/reports/${record.reportId}`),
});

function attachmentsDeps(deps: Deps): AttachmentsDeps {
  if (!deps.attachments || !deps.files) throw new Error('attachments and files are not wired');
  return {
    attachments: deps.attachments,
    files: deps.files,
    recordAccess: recordAccess(deps),
    clock: deps.clock,
    ids: deps.ids,
    appUrl: deps.appUrl,
  };
}

const recordOf = (params: Record<string, string>): RecordRef => {
  const seq = params.sequence;
  if (params.itemId) return { kind: 'item', itemId: params.itemId };
  if (seq !== undefined) {
    if (!/^\d{1,3}$/.test(seq)) throw new NotFoundError('续报', 'FOLLOWUP_NOT_FOUND');
    return { kind: 'followup', reportId: params.reportId ?? '', sequence: Number(seq) };
  }
  return { kind: 'report', reportId: params.reportId ?? '' };
};

type Routes = RouteHandlers<typeof ATTACHMENT_ROUTES>;

const requestHandler = api<{ fileName: string; contentType: string; size: number }, Deps>(
  async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await requestUpload(attachmentsDeps(deps), caller, recordOf(params), body as never),
  }),
);
const listHandler = api<undefined, Deps>(async ({ caller, deps, params }) => ({
  body: { attachments: await listAttachments(attachmentsDeps(deps), caller, recordOf(params)) },
}));

const attachmentHandlers: Routes = {
  'POST /api/reports/{reportId}/attachments': requestHandler,
  'GET /api/reports/{reportId}/attachments': listHandler,
  'POST /api/reports/{reportId}/followups/{sequence}/attachments': requestHandler,
  'GET /api/reports/{reportId}/followups/{sequence}/attachments': listHandler,
  'POST /api/items/{itemId}/attachments': requestHandler,
  'GET /api/items/{itemId}/attachments': listHandler,
  'POST /api/attachments/{attachmentId}/confirm': api(async ({ caller, deps, params }) => {
    const { attachment } = await confirmUpload(attachmentsDeps(deps), caller, params.attachmentId ?? '');
    return { body: attachmentView(attachment) };
  }),
  'GET /api/attachments/{attachmentId}': api(async ({ caller, deps, params }) => ({
    status: 302,
    headers: { location: await downloadUrl(attachmentsDeps(deps), caller, params.attachmentId ?? '') },
  })),
  'GET /attachments/new': page(async ({ caller, deps, query }) => {
    const record = parseRecordTag(query.record ?? '');
    if (!record) throw new NotFoundError('记录', 'RECORD_NOT_FOUND');
    const d = attachmentsDeps(deps);
    const { upload } = await requestUpload(d, caller, record);
    const back = d.recordAccess.page(record);
    const title =
      record.kind === 'item' ? '信息' : record.kind === 'followup' ? `第 ${record.sequence} 次续报` : '报告';
    return {
      html: layout('添加附件', uploadPage({ recordTitle: `附件将加到这条${title}上。`, back, upload }), caller),
      // The form posts to the bucket: its origin joins form-action (and connect-src, for a script that posts it).
      headers: {
        'content-security-policy': `default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ${d.files.origin}; form-action 'self' ${d.files.origin}; frame-ancestors 'none'`,
      },
    };
  }),
  'GET /attachments/{attachmentId}/confirm': page(async ({ caller, deps, params }) => {
    const d = attachmentsDeps(deps);
    try {
      const { attachment, record } = await confirmUpload(d, caller, params.attachmentId ?? '');
      return { redirect: d.recordAccess.page(record), flash: `已添加附件：${attachment.fileName}` };
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      const why = err.details.map((x) => x.message).join('；') || err.message;
      return { status: 422, html: layout('附件未添加', html`<h1>附件未添加</h1><p>${why}</p>`, caller) };
    }
  }),
  'GET /attachments/{attachmentId}': page(async ({ caller, deps, params }) => ({
    status: 302,
    redirect: await downloadUrl(attachmentsDeps(deps), caller, params.attachmentId ?? ''),
  })),
};

/** Issue 14, attachments: presigned upload and download, the confirm check. FUNCTIONS.attachments. */
export const handler = httpFunction({
  routes: ATTACHMENT_ROUTES,
  handlers: attachmentHandlers,
  deps: production,
  log: logError,
});
