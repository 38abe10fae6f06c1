import * as z from 'zod';
import { ValidationError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { submitReportSchema } from '#shared/reports/rules/input.ts';
import { submitReport } from '#shared/reports/submit-report.ts';

const idempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/);

/** POST /api/reports — submits an emergency report (API.md); `Idempotency-Key` makes a retry safe. */
export const handler = apiHandler({ body: submitReportSchema }, async ({ body, caller, deps, header }) => {
  const key = header('idempotency-key');
  if (key !== undefined && !idempotencyKey.safeParse(key).success) {
    throw new ValidationError([{ field: 'Idempotency-Key', code: 'invalid', message: 'Idempotency-Key 须为 8–128 个字母、数字或 _.:- 字符' }]);
  }
  const result = await submitReport(deps, caller, body, { idempotencyKey: key });
  return { status: result.status, body: result.body, headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
