import { itemRepo, logError, productionDeps, reportRepo } from '#shared/app/production.ts';
import { DOCUMENT_ROUTES } from '#shared/app/routes.ts';
import type { Deps } from '#shared/app/ports.ts';
import { httpFunction, page, type Handlers } from '#shared/platform/http/router.ts';
import { DOCX_TYPE, reportDocx } from '#shared/reports/report-doc-docx.ts';
import { documentOf } from './reports/document.ts';

/** Its repositories (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({ items: itemRepo, reports: reportRepo });

/** 信息专报 as .docx, from the same model as the print page (`documentOf`), by our own WordprocessingML writer. */
const documentHandlers: Handlers<(typeof DOCUMENT_ROUTES)[number], Deps> = {
  'GET /reports/{reportId}/document.docx': page(async (ctx) => {
    const doc = await documentOf(ctx);
    const filename = `xinxi-zhuanbao-${doc.numberLine.replace(/\D+/g, '-').replace(/^-|-$/g, '')}.docx`;
    return { download: { filename, contentType: DOCX_TYPE, content: await reportDocx(doc) } };
  }),
};

/** POLICY §3.4, the 信息专报 as a Word file: FUNCTIONS.documents (the table only). */
export const handler = httpFunction({
  routes: DOCUMENT_ROUTES,
  handlers: documentHandlers,
  deps: production,
  log: logError,
});
