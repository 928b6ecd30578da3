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
      const where = error.validationContext;
      const details = error.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || (where ?? ''),
        message: v.message ?? '无效',
      }));
      return sendError(request, reply, 'VALIDATION_FAILED', details);
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
