// Org-unit endpoints, shared by the org tree page and every org-unit picker.
import {
  orgUnit,
  pageOf,
  type CreateOrgUnitBody,
  type OrgUnit,
  type UpdateOrgUnitBody,
} from '@cwp/contracts';
import type { OrgLevel } from '@cwp/core';
import { z } from 'zod';
import { api } from './client';

const orgUnitPage = pageOf(orgUnit);
const PAGE_SIZE = 100;

export const orgUnitsApi = {
  /** The caller's own unit: the root of everything they may see. */
  async roots(): Promise<OrgUnit[]> {
    return (await api.get('/api/org-units', orgUnitPage)).items;
  },

  /** All children of a unit (paged through; the list contract caps a page at 100). */
  async children(parentId: number, includeInactive = false): Promise<OrgUnit[]> {
    const items: OrgUnit[] = [];
    for (let page = 1; ; page++) {
      const res = await api.get('/api/org-units', orgUnitPage, {
        parentId,
        includeInactive: includeInactive ? 'true' : undefined,
        page,
        pageSize: PAGE_SIZE,
      });
      items.push(...res.items);
      if (res.items.length < PAGE_SIZE || items.length >= res.total) return items;
    }
  },

  async search(
    q: string,
    opts: { level?: OrgLevel | undefined; includeInactive?: boolean; signal?: AbortSignal } = {},
  ): Promise<OrgUnit[]> {
    const query = {
      q,
      level: opts.level,
      includeInactive: opts.includeInactive ? 'true' : undefined,
      pageSize: 50,
    };
    return (await api.get('/api/org-units', orgUnitPage, query, opts.signal)).items;
  },

  get: (id: number) => api.get(`/api/org-units/${id}`, orgUnit),
  ancestors: (id: number) => api.get(`/api/org-units/${id}/ancestors`, z.array(orgUnit)),
  create: (body: CreateOrgUnitBody) => api.post('/api/org-units', orgUnit, body),
  update: (id: number, body: UpdateOrgUnitBody) => api.patch(`/api/org-units/${id}`, orgUnit, body),
  move: (id: number, body: { version: number; parentId: number; divisionCode?: string }) =>
    api.post(`/api/org-units/${id}/move`, orgUnit, body),
  setActive: (id: number, version: number, active: boolean) =>
    api.post(`/api/org-units/${id}/${active ? 'activate' : 'deactivate'}`, orgUnit, { version }),
};
