// The dashboard endpoints: the unit and its indicators, every chart's figures in one request,
// the monthly trend from snapshots, and a chart's data as .xlsx.
import { dashboardView, indicatorView, trendView, type DashboardStatus } from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile } from '../../api/client';

const allView = z.object({ items: z.array(indicatorView) });

export const dashboardApi = {
  get: (orgUnitId: number | undefined, signal?: AbortSignal) =>
    api.get('/api/dashboard', dashboardView, { orgUnitId }, signal),
  all: (orgUnitId: number | undefined, status: DashboardStatus, signal?: AbortSignal) =>
    api.get('/api/dashboard/all', allView, { orgUnitId, status }, signal),
  trend: (orgUnitId: number | undefined, months: number, signal?: AbortSignal) =>
    api.get('/api/dashboard/trend', trendView, { orgUnitId, months }, signal),
  exportXlsx: (indicator: string, orgUnitId: number, status: DashboardStatus) =>
    downloadFile(`/api/dashboard/indicators/${encodeURIComponent(indicator)}/export`, {
      query: { orgUnitId, status },
      fallbackName: `${indicator}.xlsx`,
    }),
};
