// The request log must never carry a survey code: the QR link puts it in the page URL
// (/public/surveys/:id?code=...), which the server logs when it serves the web app. This request
// serializer is Fastify's own with any `code` query parameter blanked out.
import type { FastifyRequest } from 'fastify';

const CODE_PARAM = /([?&]code=)[^&#]*/gi;

export function redactSurveyCode(url: string): string {
  return url.replace(CODE_PARAM, '$1[redacted]');
}

export function requestLogSerializer(req: FastifyRequest) {
  const version = req.headers?.['accept-version'];
  return {
    method: req.method,
    url: redactSurveyCode(req.url ?? ''),
    version: typeof version === 'string' ? version : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}
