import { z } from 'zod';
import { filterText, pageOf } from './common';

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = z.strictObject({
  actor: filterText(64).optional(),
  entityType: filterText(64).optional(),
  entityId: filterText(64).optional(),
  action: filterText(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The audit trail grows without bound: its list counts up to LIST_COUNT_CAP (common.ts). */
export const auditPage = pageOf(auditEntry).extend({ totalCapped: z.boolean() });
export type AuditPage = z.infer<typeof auditPage>;
