// Rule sets (规则集): read (own subtree plus ancestors' approved versions), draft and edit in the
// caller's subtree, submit, approve / return / withdraw through the approval flow, the rule in
// force for a unit on a date, and the preview of what a version would change.
import {
  createRuleSetBody,
  idParam,
  inForceQuery,
  inForceResult,
  previewBody,
  ruleSetActionBody,
  ruleSetDetail,
  ruleSetKindInfo,
  ruleSetListQuery,
  ruleSetPage,
  ruleSetPreview,
  ruleSetReturnBody,
  updateRuleSetBody,
  validateRuleSetBody,
  validateRuleSetResult,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { previewRuleSet } from './preview';
import {
  checkContent,
  createRuleSet,
  decideRuleSet,
  getRuleSet,
  inForce,
  kindInfos,
  submitRuleSet,
  updateRuleSet,
} from './service';
import { listRuleSets } from './view';

const tags = ['rule-sets'];

export function ruleSetRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const kinds = kindInfos();

    app.get(
      '/api/rule-sets/kinds',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary: '规则类型：名称、内容的 JSON Schema 与示例（供编辑界面使用）',
          response: { 200: z.array(ruleSetKindInfo) },
        },
      },
      async () => kinds,
    );

    app.get(
      '/api/rule-sets',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary: '规则集列表（本级及下级的全部版本，上级已生效的版本）',
          querystring: ruleSetListQuery,
          response: { 200: ruleSetPage },
        },
      },
      async (request) => listRuleSets(deps.db, authOf(request), request.query),
    );

    app.get(
      '/api/rule-sets/in-force',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary:
            '某单位某日适用的规则（本级或最近的上级已生效版本中，生效日期不晚于该日的最新版本）',
          querystring: inForceQuery,
          response: { 200: inForceResult },
        },
      },
      async (request) => inForce(deps.db, authOf(request), request.query),
    );

    app.post(
      '/api/rule-sets/validate',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary: '校验规则内容（不保存），错误路径以 content. 开头',
          body: validateRuleSetBody,
          response: { 200: validateRuleSetResult },
        },
      },
      async (request) => {
        const checked = checkContent(request.body.kind, request.body.content);
        return { ok: checked.ok, errors: checked.ok ? [] : checked.errors };
      },
    );

    app.get(
      '/api/rule-sets/:id',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary: '规则集详情：内容、可执行的操作、同单位同类型的历史版本、审批记录',
          params: idParam,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) => getRuleSet(deps.db, authOf(request), request.params.id),
    );

    app.post(
      '/api/rule-sets',
      {
        config: { permission: 'rule:manage' },
        schema: {
          tags,
          summary: '新建规则集草稿（版本号按单位和类型自动递增）',
          body: createRuleSetBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        createRuleSet(deps.db, authOf(request), auditContext(request), request.body),
    );

    app.patch(
      '/api/rule-sets/:id',
      {
        config: { permission: 'rule:manage' },
        schema: {
          tags,
          summary: '修改草稿或已退回的规则集（须带 version）',
          params: idParam,
          body: updateRuleSetBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        updateRuleSet(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );

    app.post(
      '/api/rule-sets/:id/submit',
      {
        config: { permission: 'rule:manage' },
        schema: {
          tags,
          summary: '提交审批（通知本级及上级持有“审批规则集”权限的用户）',
          params: idParam,
          body: ruleSetActionBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        submitRuleSet(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );

    app.post(
      '/api/rule-sets/:id/approve',
      {
        config: { permission: 'rule:approve' },
        schema: {
          tags,
          summary: '审批通过：自生效日期起生效（审批人不能是提交人）',
          params: idParam,
          body: ruleSetActionBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        decideRuleSet(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          'approve',
          request.body,
        ),
    );

    app.post(
      '/api/rule-sets/:id/return',
      {
        config: { permission: 'rule:approve' },
        schema: {
          tags,
          summary: '退回修改（须填写理由）',
          params: idParam,
          body: ruleSetReturnBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        decideRuleSet(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          'return',
          request.body,
        ),
    );

    app.post(
      '/api/rule-sets/:id/withdraw',
      {
        config: { permission: 'rule:manage' },
        schema: {
          tags,
          summary: '撤回草稿、已退回或待审批的规则集（撤回后不再使用，可另建新版本）',
          params: idParam,
          body: ruleSetActionBody,
          response: { 200: ruleSetDetail },
        },
      },
      async (request) =>
        decideRuleSet(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          'withdraw',
          request.body,
        ),
    );

    app.post(
      '/api/rule-sets/:id/preview',
      {
        config: { permission: 'rule:read' },
        schema: {
          tags,
          summary:
            '预览生效后的变化：配备标准按单位比较员额，薪酬标准按等级汇总月应发工资，等级序列比较起始等级',
          params: idParam,
          body: previewBody.nullish(),
          response: { 200: ruleSetPreview },
        },
      },
      async (request) =>
        previewRuleSet(deps.db, authOf(request), request.params.id, request.body ?? {}),
    );
  };
}
