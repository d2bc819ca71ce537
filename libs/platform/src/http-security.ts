import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(100_000_000).default(fallback);

/** Request limits and timeouts, merged into every service's config. */
export const HttpSecurityEnv = z.object({
  /** Off only where a test or bench must not be throttled; on in every deployment. */
  RATE_LIMIT_ENABLED: booleanFlag.default(true),
  /** Per client address on public routes: the tracked-link redirect, the widget and its stream. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: perMinute(600),
  /** Per bearer token on the API. */
  RATE_LIMIT_TOKEN_PER_MINUTE: perMinute(1200),
  /** Per tenant on the API, all of its callers together. */
  RATE_LIMIT_TENANT_PER_MINUTE: perMinute(30_000),
  /** Requests answered 401 per client address; beyond it every authenticated route answers 429. */
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: perMinute(30),
  /** Time a client has to send the request headers. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  /** Time a client has to send the whole request, body included: slow bodies are cut off here. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});
export type HttpSecurityEnv = z.infer<typeof HttpSecurityEnv>;

/**
 * What every response and connection gets: helmet's headers (nosniff, Referrer-Policy, a strict
 * default CSP that HTML pages replace with their own, no framing unless a page allows it), and
 * server timeouts so a client that sends its headers or body slowly is cut off.
 */
export function applyHttpSecurity(app: INestApplication, config: HttpSecurityEnv): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'frame-ancestors': ["'none'"], 'form-action': ["'self'"] },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  const server = app.getHttpServer() as Server;
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.on('clientError', answerClientError);
}

/** What node's parser refused, in the error shape of every other answer. */
function clientErrorAnswer(code: string | undefined): [number, string, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'the request line and headers are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request was not received in time'];
    default:
      return [400, 'invalid_request', 'the request is not valid HTTP'];
  }
}

/**
 * Requests node refuses before any route sees them (an over-long URL, bad framing, too slow) got a
 * bare status line without a body; with this listener they get `{ error: { code, message } }`.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = clientErrorAnswer(error.code);
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
  );
}
