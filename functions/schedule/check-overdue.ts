import { productionDeps, logger } from '#shared/deps.ts';
import { checkOverdue } from '#shared/domain/advance-escalation.ts';

/**
 * Every minute: advances every report with a step due (a notification whose queue message was lost, an
 * acknowledgement deadline passed, a reminder due). This, not the queue, is what guarantees the escalation.
 */
export const handler = async () => {
  const result = await checkOverdue(productionDeps());
  logger.info('overdue check', result);
  return result;
};
