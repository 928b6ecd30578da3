import {
  createOrgUnitBody,
  deactivateOrgUnitBody,
  idParam,
  moveOrgUnitBody,
  orgUnit,
  orgUnitListQuery,
  pageOf,
  updateOrgUnitBody,
} from '@cwp/contracts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import {
  createOrgUnit,
  getAncestors,
  getOrgUnit,
  listOrgUnits,
  moveOrgUnit,
  setOrgUnitActive,
  updateOrgUnit,
} from './service';

const tags = ['org-units'];

export function orgUnitRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/org-units',
      {
        config: { permission: 'org:read' },
        schema: {
          tags,
          summary: '组织机构列表（默认为本人所属单位；parentId 取其下级）',
          querystring: orgUnitListQuery,
          response: { 200: pageOf(orgUnit) },
        },
      },
      async (request) => listOrgUnits(deps.db, authOf(request), request.query),
    );

    app.get(
      '/api/org-units/:id',
      {
        config: { permission: 'org:read' },
        schema: { tags, summary: '单位详情', params: idParam, response: { 200: orgUnit } },
      },
      async (request) => getOrgUnit(deps.db, authOf(request), request.params.id),
    );

    app.get(
      '/api/org-units/:id/ancestors',
      {
        config: { permission: 'org:read' },
        schema: {
          tags,
          summary: '上级单位链',
          params: idParam,
          response: { 200: z.array(orgUnit) },
        },
      },
      async (request) => getAncestors(deps.db, authOf(request), request.params.id),
    );

    app.post(
      '/api/org-units',
      {
        config: { permission: 'org:manage' },
        schema: { tags, summary: '新建单位', body: createOrgUnitBody, response: { 200: orgUnit } },
      },
      async (request) =>
        createOrgUnit(deps.db, authOf(request), auditContext(request), request.body),
    );

    app.patch(
      '/api/org-units/:id',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: '修改单位（名称、代码、人口、户数）',
          params: idParam,
          body: updateOrgUnitBody,
          response: { 200: orgUnit },
        },
      },
      async (request) =>
        updateOrgUnit(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );

    app.post(
      '/api/org-units/:id/move',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: '移动单位（整棵子树）',
          params: idParam,
          body: moveOrgUnitBody,
          response: { 200: orgUnit },
        },
      },
      async (request) =>
        moveOrgUnit(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );

    app.post(
      '/api/org-units/:id/deactivate',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: '停用单位',
          params: idParam,
          body: deactivateOrgUnitBody,
          response: { 200: orgUnit },
        },
      },
      async (request) =>
        setOrgUnitActive(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.version,
          false,
        ),
    );

    app.post(
      '/api/org-units/:id/activate',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: '启用单位',
          params: idParam,
          body: deactivateOrgUnitBody,
          response: { 200: orgUnit },
        },
      },
      async (request) =>
        setOrgUnitActive(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.version,
          true,
        ),
    );
  };
}
