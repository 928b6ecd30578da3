// One error handler: every failure leaves as {code, message, details} with a stable code from the
// catalog and a message in the caller's language (zh-CN unless Accept-Language prefers English).
import { ERROR_CATALOG, type ErrorBody, type ErrorCode, type ErrorDetail } from '@cwp/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors';

export function prefersEnglish(request: FastifyRequest): boolean {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^en\b/i.test(header.trim());
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  details?: ErrorDetail[],
  message?: string,
): FastifyReply {
  const entry = ERROR_CATALOG[code];
  const body: ErrorBody = {
    code,
    message: message ?? (prefersEnglish(request) ? entry.en : entry.zh),
    ...(details && details.length > 0 ? { details } : {}),
  };
  return reply.status(entry.status).type('application/json; charset=utf-8').send(body);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_RATE_LIMIT: 'RATE_LIMITED',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

function unknownKeys(params: unknown): string[] {
  if (typeof params !== 'object' || params === null || !('keys' in params)) return [];
  const keys = params.keys;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/** SQLSTATE of a PostgreSQL error, also when wrapped (Drizzle puts the driver error in `cause`). */
export function postgresCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    if (
      'severity' in e &&
      'code' in e &&
      typeof e.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(e.code)
    ) {
      return e.code;
    }
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendError(
        request,
        reply,
        error.code,
        error.details,
        prefersEnglish(request) ? undefined : error.message,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? '';
      const details = error.validation.flatMap((v) => {
        const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const message = v.message ?? '无效';
        // An unknown key is reported by zod on the enclosing object; name the key itself so the
        // client sees which field it sent by mistake.
        const keys = v.keyword === 'unrecognized_keys' ? unknownKeys(v.params) : [];
        if (keys.length > 0) {
          return keys.map((k) => ({ path: base ? `${base}.${k}` : k, message }));
        }
        return [{ path: base || where, message }];
      });
      return sendError(request, reply, 'VALIDATION_FAILED', details);
    }
    const dbCode = postgresCode(error);
    if (dbCode) {
      // Input the schemas let through but PostgreSQL refuses (e.g. a NUL byte in a search term,
      // a unique key taken by a concurrent request) is the client's problem, not a crash.
      if (dbCode === '23505') return sendError(request, reply, 'DUPLICATE');
      if (dbCode === '40001' || dbCode === '40P01') return sendError(request, reply, 'CONFLICT');
      if (dbCode.startsWith('22')) {
        request.log.warn({ err: error }, 'database refused request data');
        return sendError(request, reply, 'BAD_REQUEST');
      }
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(request, reply, mapped);
    if (error.statusCode === 429) return sendError(request, reply, 'RATE_LIMITED');
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, 'BAD_REQUEST');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL');
  });

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'NOT_FOUND'));
}
