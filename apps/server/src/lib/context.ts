import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { AuditContext } from './audit';
import type { DictionaryCache } from '../modules/dictionaries/cache';
import type { Pii } from './pii';
import type { SessionRowCache } from '../plugins/auth';

/** What every module is built with. */
export interface AppDeps {
  cfg: Config;
  db: Db;
  pool: pg.Pool;
  dictionaries: DictionaryCache;
  pii: Pii;
  /** Sessions and org-unit paths this instance has read (plugins/session-cache.ts). */
  authCache: SessionRowCache;
}

export function auditContext(request: FastifyRequest): AuditContext {
  return {
    actorId: request.auth?.userId ?? null,
    actorName: request.auth?.username ?? null,
    requestId: request.id,
    ip: request.ip,
  };
}
