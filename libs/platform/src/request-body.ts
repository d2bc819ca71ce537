/**
 * How a request body enters a service: only `application/json`, only valid UTF-8, never more bytes
 * than the route declared, and no text that Postgres cannot store or that a reader would not see.
 *
 * The body is read by an interceptor instead of express's global parser because the limit is the
 * route's (a guidelines document may be 1 MB, a transition comment 8 KB) and an interceptor runs
 * after the guards: a caller without a valid token never gets a byte of its body read. Reading
 * itself is raw-body's (the parser express uses), the decoding is node's `isUtf8` + JSON.parse.
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { from, Observable, switchMap } from 'rxjs';
import { AppError } from './errors';

/** What a route accepts when it declares nothing: small JSON documents. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const BODY_LIMIT_KEY = 'advocacy:body-limit';

/** The most bytes this route's body may have; size it to what its schema allows. */
export const BodyLimit = (bytes: number) => SetMetadata(BODY_LIMIT_KEY, bytes);

const IGNORES_BODY_KEY = 'advocacy:ignores-body';
/**
 * The route reads nothing from its body, whatever its media type (RFC 8058's one-click unsubscribe
 * POSTs `List-Unsubscribe=One-Click` form-encoded): the body is drained unread, never parsed.
 */
export const IgnoresBody = () => SetMetadata(IGNORES_BODY_KEY, true);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface BodyRequest extends IncomingMessage {
  body?: unknown;
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/** Reads and parses the JSON body of a request, within `limit` bytes. */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(request)) return undefined;
  if (!isJson(request.headers['content-type'])) {
    throw new AppError(415, 'unsupported_media_type', 'the body must be application/json (UTF-8)');
  }
  let raw: Buffer;
  try {
    raw = await getRawBody(request, { limit, length: request.headers['content-length'] });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      throw new AppError(413, 'payload_too_large', `the body may have at most ${limit} bytes`, { limit });
    }
    throw new AppError(400, 'invalid_request', 'the body could not be read');
  }
  if (!isUtf8(raw)) throw new AppError(400, 'invalid_utf8', 'the body is not valid UTF-8');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new AppError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (deeperThan(body, MAX_BODY_DEPTH)) {
    throw new AppError(400, 'body_too_deep', `the body nests deeper than ${MAX_BODY_DEPTH} levels`, {
      maxDepth: MAX_BODY_DEPTH,
    });
  }
  return body;
}

/**
 * No schema of ours nests this deep. Deeper bodies (64 KB of `[` is 65 536 levels) overflowed the
 * stack of the recursive checks and validators after them: a 500 for anyone who sends one.
 */
export const MAX_BODY_DEPTH = 32;

/** Iterative on purpose: the point is not to recurse into what the caller nested. */
function deeperThan(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<BodyRequest>();
    if (!BODY_METHODS.has(request.method ?? '') || request.body !== undefined) return next.handle();
    const handlers = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IGNORES_BODY_KEY, handlers)) {
      request.resume();
      return next.handle();
    }
    const limit =
      this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_BODY_LIMIT;
    return from(readJsonBody(request, limit)).pipe(
      switchMap((body) => {
        request.body = body;
        return next.handle();
      }),
    );
  }
}

// C0 controls but tab, newline and carriage return; DEL and the C1 controls
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// a surrogate half without its partner: not a character, and UTF-8 cannot encode it
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const MAX_PATHS = 20;

/**
 * Paths of the strings (values and keys) in a parsed body or query that hold a NUL, another control
 * character or a lone surrogate. Postgres refuses NUL in text, so such a value would end as a 500;
 * the others are never typed by a person and hide text from reviewers.
 */
export function unsafeTextPaths(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (found.length >= MAX_PATHS) return found;
  if (typeof value === 'string') {
    if (CONTROL.test(value) || LONE_SURROGATE.test(value)) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unsafeTextPaths(item, [...path, String(index)], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL.test(key) || LONE_SURROGATE.test(key)) found.push([...path, '(key)'].join('.'));
      else unsafeTextPaths(item, [...path, key], found);
    }
  }
  return found;
}
