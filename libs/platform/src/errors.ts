import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { routeOf } from './http-tracing';
import { ZodError } from 'zod';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error meant for the caller: status, a stable code and a message; details are optional. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'invalid_request', message, details);
export const unauthorized = (message = 'missing or invalid bearer token') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'you are not allowed to do this') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
/** An endpoint that was removed for good, with where its job went. */
export const gone = (code: string, message: string) => new AppError(410, code, message);
export const tooManyRequests = (message: string) => new AppError(429, 'rate_limited', message);

/** An unknown key is reported at its parent; naming the key itself tells the caller what to fix. */
function issueFields(issue: ZodError['issues'][number]): string[] {
  if (issue.code !== 'unrecognized_keys') return [issue.path.join('.')];
  return issue.keys.map((key) => [...issue.path, key].join('.'));
}

export function zodDetails(error: ZodError) {
  return error.issues.flatMap((issue) =>
    issueFields(issue).map((path) => ({ path, code: issue.code, message: issue.message })),
  );
}

export function validationError(error: ZodError, where = 'body'): AppError {
  const fields = [...new Set(error.issues.flatMap(issueFields).map((field) => field || where))];
  return new AppError(400, 'validation_failed', `invalid ${where}: ${fields.join(', ')}`, zodDetails(error));
}

const STATUS_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Every error leaves the service as `{ error: { code, message, details? } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const [status, body] = this.toBody(exception);
    if (status >= 500) {
      this.logger.error(
        {
          method: request.method,
          route: routeOf(request),
          status,
          err: exception instanceof Error ? exception : new Error(String(exception)),
        },
        'request failed',
      );
    }
    if (response.headersSent) return;
    response.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof AppError) {
      const error: ErrorBody['error'] = { code: exception.code, message: exception.message };
      if (exception.details !== undefined) error.details = exception.details;
      return [exception.status, { error }];
    }
    if (exception instanceof ZodError) {
      const appError = validationError(exception);
      return [400, { error: { code: appError.code, message: appError.message, details: appError.details } }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message =
        typeof raw === 'string'
          ? raw
          : typeof raw === 'object' && raw && 'message' in raw
            ? String(raw.message)
            : exception.message;
      return [status, { error: { code: STATUS_CODES[status] ?? 'error', message: withoutQuery(message) } }];
    }
    if (isBodyParserError(exception)) {
      return [
        exception.status,
        { error: { code: STATUS_CODES[exception.status] ?? 'invalid_request', message: exception.message } },
      ];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { error: { code: 'internal', message: 'internal error' } }];
  }
}

/** Express's "Cannot GET /path?query" would echo whatever the query holds (a token, say) back. */
const withoutQuery = (message: string) => message.replace(/^(Cannot [A-Z]+ [^?\s]*)\?\S*/, '$1');

function isBodyParserError(value: unknown): value is { status: number; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof value.status === 'number' &&
    (value as { status: number }).status >= 400 &&
    (value as { status: number }).status < 500
  );
}
