// Rule-set endpoints: list, the rule in force, detail, draft / edit, validate, preview, and the
// lifecycle actions (submit, approve, return, withdraw).
import type { CreateRuleSetBody, RuleSetListQuery, UpdateRuleSetBody } from '@cwp/contracts';
import {
  inForceResult,
  ruleSetDetail,
  ruleSetKindInfo,
  ruleSetPage,
  ruleSetPreview,
  validateRuleSetResult,
} from '@cwp/contracts';
import type { RuleSetKind } from '@cwp/core';
import { z } from 'zod';
import { api } from '../../api/client';

export type RuleSetFilter = Partial<Omit<RuleSetListQuery, 'page' | 'pageSize'>> & {
  page: number;
  pageSize: number;
};

export type RuleSetAction = 'submit' | 'approve' | 'return' | 'withdraw';

export const ruleSetsApi = {
  kinds: () => api.get('/api/rule-sets/kinds', z.array(ruleSetKindInfo)),
  list: (query: RuleSetFilter) => api.get('/api/rule-sets', ruleSetPage, { ...query }),
  inForce: (query: { kind: RuleSetKind; orgUnitId?: number | undefined; date?: string }) =>
    api.get('/api/rule-sets/in-force', inForceResult, { ...query }),
  get: (id: number) => api.get(`/api/rule-sets/${id}`, ruleSetDetail),
  create: (body: CreateRuleSetBody) => api.post('/api/rule-sets', ruleSetDetail, body),
  update: (id: number, body: UpdateRuleSetBody) =>
    api.patch(`/api/rule-sets/${id}`, ruleSetDetail, body),
  validate: (kind: RuleSetKind, content: unknown) =>
    api.post('/api/rule-sets/validate', validateRuleSetResult, { kind, content }),
  preview: (id: number, date?: string) =>
    api.post(`/api/rule-sets/${id}/preview`, ruleSetPreview, date ? { date } : {}),
  act: (id: number, action: RuleSetAction, version: number, comment?: string) =>
    api.post(`/api/rule-sets/${id}/${action}`, ruleSetDetail, {
      version,
      ...(comment ? { comment } : {}),
    }),
};
