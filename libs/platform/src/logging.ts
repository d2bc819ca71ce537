import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger as PinoInstance } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { traceFields } from './tracing';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type RootLogger = PinoInstance;

/** The process's pino instance; kafkajs and the Nest logger write through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Whatever carries a credential, wherever it appears in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-embed-key"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'password',
  '*.password',
  '*.AUTH_JWT_SECRET',
  '*.VISITOR_HASH_SECRET',
  '*.LEDGER_EXPORT_KEY',
  '*.LEDGER_EXPORT_KEYS',
  '*.DATABASE_URL',
  '*.REDIS_URL',
];

/** Query parameters that carry a credential (SSE and widget tokens, embed keys). */
const SECRET_QUERY = /([?&](?:token|access_token|key|embedKey|secret|password)=)[^&#]*/gi;

export function redactRequestUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * One JSON shape for every line: `time` (ISO), `level` (name), `service`, `msg`, optional `scope`,
 * `trace_id`/`span_id` of the active span, `requestId` inside a request, `err` with its stack.
 */
export function createLogger(
  service: string,
  level: LogLevel = 'info',
  destination?: pino.DestinationStream,
): RootLogger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      errorKey: 'err',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => traceFields(),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's `x-request-id` when it looks like one, a new uuid otherwise; echoed in the response. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('x-request-id', id);
  return id;
}

/** nestjs-pino wired to the root logger: access lines, request ids, the Nest logger's `scope`. */
export function loggerModule(logger: RootLogger) {
  const pinoHttp: PinoHttpOptions = {
    logger,
    genReqId: requestIdOf,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // Health probes and scrapes are not worth a line each; failures are.
    autoLogging: { ignore: (request) => /^\/(health|metrics)\b/.test(request.url ?? '') },
    // Successful requests at debug: at the default level only 4xx (warn) and 5xx (error) are lines.
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'debug',
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: redactRequestUrl(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
  return LoggerModule.forRoot({ pinoHttp, renameContext: 'scope' });
}
