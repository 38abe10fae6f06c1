import type { Deps } from '#shared/app/ports.ts';
import { documentNumber, reportDoc } from '#shared/reports/report-doc.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import type { PageContext } from '#shared/platform/http/page-handler.ts';
import { visibleBundle } from './visible.ts';

/** The report's 信息专报 for someone who may open it (404 otherwise), numbered the first time it is asked for. */
export async function documentOf(ctx: PageContext<Deps>) {
  const { caller, deps } = ctx;
  const { bundle, org } = await visibleBundle(deps, caller, ctx.params.reportId ?? '');
  await recordViewIfOutsider(deps, bundle.report, caller);
  const number = await documentNumber(deps, bundle.report, org.timezone);
  return reportDoc(bundle, org, number);
}
