// The request log's view of a request. Fastify's own serializer, with the URL's query cleaned:
// - a survey's `code` is blanked: the QR link puts it in the page URL
//   (/public/surveys/:id?code=...), which the server logs when it serves the web app;
// - every ID number and mobile number in a query value is masked, e.g. a roster search
//   (`/api/workers?q=<ID number>`, the export, or the web page `/workers?q=...`).
import { maskPersonalNumbers } from '@cwp/core';
import type { FastifyRequest } from 'fastify';

export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pairs = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      if (key.toLowerCase() === 'code') return `${key}=[redacted]`;
      const raw = pair.slice(eq + 1);
      let value: string;
      try {
        value = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        value = raw; // not valid percent-encoding: look at it as it is
      }
      const clean = maskPersonalNumbers(value);
      return clean === value ? pair : `${key}=${encodeURIComponent(clean)}`;
    });
  return `${url.slice(0, at)}?${pairs.join('&')}`;
}

export function requestLogSerializer(req: FastifyRequest) {
  const version = req.headers?.['accept-version'];
  return {
    method: req.method,
    url: redactUrl(req.url ?? ''),
    version: typeof version === 'string' ? version : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}
