import { auditPage } from '@cwp/contracts';
import { api } from '../../api/client';

export interface AuditQuery {
  actor?: string | undefined;
  entityType?: string | undefined;
  action?: string | undefined;
  /** ISO 8601 with offset, e.g. 2026-01-01T00:00:00+08:00 */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export const auditApi = {
  list: (query: AuditQuery) => api.get('/api/audit-logs', auditPage, { ...query }),
};
