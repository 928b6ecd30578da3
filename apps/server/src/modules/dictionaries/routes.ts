import {
  createDictionaryItemBody,
  dictionary as dictionarySchema,
  dictionaryItem as itemSchema,
  updateDictionaryItemBody,
} from '@cwp/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dictionary, dictionaryItem } from '../../db/schema';
import { diff, writeAudit } from '../../lib/audit';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError, notFound } from '../../lib/errors';

const tags = ['dictionaries'];
const codeParam = z.strictObject({ code: z.string().max(64) });
const itemParam = z.strictObject({
  code: z.string().max(64),
  itemId: z.coerce.number().int().positive(),
});

export function dictionaryRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/dictionaries',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: '全部数据字典', response: { 200: z.array(dictionarySchema) } },
      },
      async () => [...(await deps.dictionaries.all()).values()],
    );
    app.get(
      '/api/dictionaries/:code',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '一个数据字典',
          params: codeParam,
          response: { 200: dictionarySchema },
        },
      },
      async (request) => {
        const d = await deps.dictionaries.get(request.params.code);
        if (!d) throw notFound();
        return d;
      },
    );
    app.post(
      '/api/dictionaries/:code/items',
      {
        config: { permission: 'dict:manage' },
        schema: {
          tags,
          summary: '新增字典项',
          params: codeParam,
          body: createDictionaryItemBody,
          response: { 200: itemSchema },
        },
      },
      async (request) => {
        const { code } = request.params;
        const item = await deps.db.transaction(async (tx) => {
          const [d] = await tx.select().from(dictionary).where(eq(dictionary.code, code));
          if (!d) throw notFound();
          const [dupe] = await tx
            .select({ id: dictionaryItem.id })
            .from(dictionaryItem)
            .where(
              and(
                eq(dictionaryItem.dictionaryCode, code),
                eq(dictionaryItem.code, request.body.code),
              ),
            );
          if (dupe) throw fieldError('code', `代码 ${request.body.code} 已存在`);
          const [maxSort] = await tx
            .select({ v: sql<number>`coalesce(max(${dictionaryItem.sort}), 0)::int` })
            .from(dictionaryItem)
            .where(eq(dictionaryItem.dictionaryCode, code));
          const [row] = await tx
            .insert(dictionaryItem)
            .values({
              ...request.body,
              dictionaryCode: code,
              sort: request.body.sort ?? (maxSort?.v ?? 0) + 10,
            })
            .returning();
          if (!row) throw new AppError('INTERNAL');
          await writeAudit(tx, auditContext(request), [
            {
              action: 'dictionary_item.create',
              entityType: 'dictionary_item',
              entityId: row.id,
              changes: { dictionary: code, ...request.body },
            },
          ]);
          return row;
        });
        deps.dictionaries.invalidate();
        return {
          id: item.id,
          code: item.code,
          labelZh: item.labelZh,
          labelEn: item.labelEn,
          sort: item.sort,
          active: item.active,
          version: item.version,
        };
      },
    );
    app.patch(
      '/api/dictionaries/:code/items/:itemId',
      {
        config: { permission: 'dict:manage' },
        schema: {
          tags,
          summary: '修改或停用字典项',
          params: itemParam,
          body: updateDictionaryItemBody,
          response: { 200: itemSchema },
        },
      },
      async (request) => {
        const { version, ...fields } = request.body;
        const item = await deps.db.transaction(async (tx) => {
          const [before] = await tx
            .select()
            .from(dictionaryItem)
            .where(
              and(
                eq(dictionaryItem.id, request.params.itemId),
                eq(dictionaryItem.dictionaryCode, request.params.code),
              ),
            )
            .for('update');
          if (!before) throw notFound();
          if (before.version !== version) throw new AppError('CONFLICT');
          const [row] = await tx
            .update(dictionaryItem)
            .set({ ...fields, version: before.version + 1 })
            .where(eq(dictionaryItem.id, before.id))
            .returning();
          if (!row) throw new AppError('INTERNAL');
          await writeAudit(tx, auditContext(request), [
            {
              action: 'dictionary_item.update',
              entityType: 'dictionary_item',
              entityId: row.id,
              changes: {
                dictionary: before.dictionaryCode,
                code: before.code,
                ...diff(before, fields),
              },
            },
          ]);
          return row;
        });
        deps.dictionaries.invalidate();
        return {
          id: item.id,
          code: item.code,
          labelZh: item.labelZh,
          labelEn: item.labelEn,
          sort: item.sort,
          active: item.active,
          version: item.version,
        };
      },
    );
  };
}
