import * as z from 'zod';
import { numberedId, parseNumberedId } from '../../platform/kernel/numbered.ts';
import type { FindingKind } from './finding.ts';

/** A circular (通报): numbered 第N号 per organisation and year, gaplessly; criticism names those responsible, praise the best reporters. */
export type Circular = {
  circularId: string;
  orgId: string;
  orgName: string;
  timezone: string;
  year: number;
  number: number;
  kind: 'criticism' | 'praise';
  title: string;
  from: string;
  to: string;
  intro?: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
  /** Criticism: the confirmed findings named (点名批评), as they read when published. */
  findings: {
    findingId: string;
    kind: FindingKind;
    kindLabel: string;
    label: string;
    responsibleOrgName: string;
    responsibleDepartmentName?: string;
    responsiblePersonName?: string;
    reportTitle?: string;
    occurredAt: string;
    note: string;
    decisionReason?: string;
    explanation?: string;
  }[];
  /** Praise: the departments that reported fastest and most completely. */
  praised: { name: string; reports: number; medianMinutes?: number; reason: string }[];
  /**
   * Lower organisations the circular names (issue 16): praised, or criticised, each with the reason as published (its
   * reporting of the period unless the office wrote one). Absent on circulars published before.
   */
  lowerOrgs?: { orgId: string; name: string; reason: string }[];
  distribution: { leaders: string[]; departments: string[]; orgs: string[] };
  mailedTo?: string[];
  mailedAt?: string;
};

/** A circular's id in URLs (`2026-3`: 〔2026〕第3号), and back. */
export const circularId = numberedId;
export const parseCircularId = parseNumberedId;

const periodValue = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, { error: '须是日期 YYYY-MM-DD 或 ISO 8601 时间' });
export const publishCircularSchema = z
  .object({
    from: periodValue,
    to: periodValue,
    kind: z.enum(['criticism', 'praise'], { error: 'kind 必须是 criticism 或 praise' }),
    title: z.string().trim().min(1).max(100).optional(),
    intro: z.string().trim().max(4000).optional(),
    /** Criticism: which confirmed findings of the period to name (default: all not yet in a circular). */
    findingIds: z.array(z.string().trim().min(1).max(80)).min(1).max(40).optional(),
    /** Lower organisations of the issuer to name (praise or criticism), each with an optional reason. */
    lowerOrgs: z
      .array(
        z.strictObject({
          orgId: z.string().trim().min(1).max(80),
          reason: z.string().trim().min(1).max(400).optional(),
        }),
      )
      .min(1)
      .max(40)
      .optional(),
  })
  .strict();
export type PublishCircularInput = z.infer<typeof publishCircularSchema>;
