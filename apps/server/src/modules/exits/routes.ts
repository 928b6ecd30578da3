// Exit routes: exit:manage to open, work the checklist, submit, cancel and re-hire; worker:read
// (with scope) to see exits; the retirement list and the turnover figures; the statutory
// retirement ages as data (top-level unit edits them).
import {
  createExitBody,
  exitChecklistBody,
  exitListQuery,
  exitPage,
  exitStatsQuery,
  exitStatsView,
  exitSubmitBody,
  exitVersionBody,
  exitView,
  idParam,
  rehireBody,
  rehireResult,
  retirementDueQuery,
  retirementDueView,
  retirementRuleView,
  updateRetirementRuleBody,
} from '@cwp/contracts';
import { registerExitApplication } from './apply';
import type { JobRunner } from '../jobs/runner';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { exitStats, retirementDue, retirementRules, updateRetirementRule } from './figures';
import {
  cancelExit,
  completeChecklistItem,
  createExit,
  getExit,
  listExits,
  rehire,
  submitExit,
} from './service';

const tags = ['exits'];

export function exitRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    registerExitApplication(app, deps.db, deps.jobs, deps.cfg.NODE_ENV !== 'test');
    app.get(
      '/api/exits',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '退出事项列表',
          querystring: exitListQuery,
          response: { 200: exitPage },
        },
      },
      async (request) => listExits(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/exits/retirement-due',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '未来 N 个月内到达法定退休年龄的人员（按身份证出生日期和性别）',
          querystring: retirementDueQuery,
          response: { 200: retirementDueView },
        },
      },
      async (request) => retirementDue(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/exits/stats',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '退出原因与人员流动率（按单位和月份）',
          querystring: exitStatsQuery,
          response: { 200: exitStatsView },
        },
      },
      async (request) => exitStats(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/retirement-age-rules',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '法定退休年龄规则',
          response: { 200: z.array(retirementRuleView) },
        },
      },
      async () => retirementRules(deps.db),
    );
    app.put(
      '/api/retirement-age-rules/:id',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '修改法定退休年龄规则（最高一级单位）',
          params: idParam,
          body: updateRetirementRuleBody,
          response: { 200: z.array(retirementRuleView) },
        },
      },
      async (request) =>
        updateRetirementRule(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/exits/:id',
      {
        config: { permission: 'worker:read' },
        schema: { tags, summary: '退出事项详情', params: idParam, response: { 200: exitView } },
      },
      async (request) => getExit(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/exits',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '办理退出（辞职、解聘、不续订、退休、调出）',
          body: createExitBody,
          response: { 200: exitView },
        },
      },
      async (request) => createExit(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.post(
      '/api/exits/:id/checklist',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '办理退出清单事项（合同终止、社保停缴、账号停用会同步执行）',
          params: idParam,
          body: exitChecklistBody,
          response: { 200: exitView },
        },
      },
      async (request) =>
        completeChecklistItem(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/exits/:id/submit',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '提交退出审批（清单须全部办完）',
          params: idParam,
          body: exitSubmitBody,
          response: { 200: exitView },
        },
      },
      async (request) =>
        submitExit(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/exits/:id/cancel',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '撤销退出事项',
          params: idParam,
          body: exitVersionBody,
          response: { 200: exitView },
        },
      },
      async (request) =>
        cancelExit(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.version,
        ),
    );
    app.post(
      '/api/workers/:id/rehire',
      {
        config: { permission: 'exit:manage' },
        schema: {
          tags,
          summary: '重新聘用已退出人员（恢复档案，记录新的聘用日期和状态历史）',
          params: idParam,
          body: rehireBody,
          response: { 200: rehireResult },
        },
      },
      async (request) =>
        rehire(deps.db, authOf(request), auditContext(request), request.params.id, request.body),
    );
  };
}
