import { Inject, Injectable, Logger } from '@nestjs/common';
import { AroundQuery, BoardQuery, BoardScope, EmployeeId, RankQuery } from '@advocacy/contracts';
import {
  AppError,
  AuthContext,
  AuthTokenFactory,
  bearerToken,
  histogram,
  METRICS_REGISTRY,
  serveAhead,
  unauthorized,
  validationError,
} from '@advocacy/platform';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { BoardReadCache } from './board-read.cache';
import { boardReadOf } from './board-read.paths';
import { BoardService } from './board.service';

const ROUTES = {
  board: '/api/v1/leaderboards/:scope',
  rank: '/api/v1/leaderboards/:scope/rank/:id',
  around: '/api/v1/leaderboards/:scope/around/:id',
} as const;

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * The three board reads (top-N, rank, around-me), served ahead of express and Nest's router like
 * share-tracking's redirect: they are the service's hot read path, and the body parsers, guard,
 * interceptor and filter chain cost several times the Redis work of a read. Same schemas, same
 * answers and error bodies as BoardController (which still describes them in /openapi.json and
 * serves them if this mount is missing); a change to the routes' authentication or to a
 * cross-cutting check of every request (rate limits) must be made here too.
 */
@Injectable()
export class BoardReadHandler {
  private readonly logger = new Logger('BoardReadHandler');
  private readonly latency: Histogram<string>;

  constructor(
    private readonly boards: BoardService,
    private readonly tokens: AuthTokenFactory,
    private readonly answers: BoardReadCache,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.latency = histogram(registry, 'http_request_duration_seconds', 'HTTP request latency', [
      'method',
      'route',
      'status',
    ]);
  }

  /** Puts the reads in front of the server's request listener; every other request goes on unchanged. */
  mount(server: Server): void {
    serveAhead(server, (request, response) => this.serve(request, response));
  }

  /** Answers the request when it is a board read; false leaves it to the next handler. */
  serve(request: IncomingMessage, response: ServerResponse): boolean {
    const read = boardReadOf(request.method, request.url);
    if (!read) return false;
    const [rawScope, kind, rawId, search] = read;
    const route = kind === 'rank' ? ROUTES.rank : kind === 'around' ? ROUTES.around : ROUTES.board;
    const started = performance.now();
    response.once('finish', () =>
      this.latency.observe(
        { method: 'GET', route, status: String(response.statusCode) },
        (performance.now() - started) / 1000,
      ),
    );
    // A token checked a moment ago asking a question answered since the last change: no promise at all.
    const token = bearerToken(request.headers.authorization);
    const caller = token ? this.tokens.checkHeld(token) : undefined;
    const held = caller?.ok ? this.answers.held(caller.auth.tenantId, request.url ?? '') : undefined;
    if (held !== undefined) {
      this.send(response, 200, held);
      return true;
    }
    this.read(request, rawScope, kind, rawId, search).then(
      (text) => this.send(response, 200, text),
      (error: unknown) => this.fail(response, error),
    );
    return true;
  }

  /** The answer's JSON: the same question of the same tenant shares one read between two changes. */
  private async read(
    request: IncomingMessage,
    rawScope: string,
    kind: string | undefined,
    rawId: string | undefined,
    search: string | undefined,
  ): Promise<string> {
    const auth = await this.authenticate(request);
    return this.answers.answer(auth.tenantId, request.url ?? '', () =>
      this.readBoard(auth, rawScope, kind, rawId, search),
    );
  }

  private readBoard(
    auth: AuthContext,
    rawScope: string,
    kind: string | undefined,
    rawId: string | undefined,
    search: string | undefined,
  ): Promise<unknown> {
    const scope = parse(BoardScope, decode(rawScope, 'scope'), 'path parameter scope');
    const query = queryOf(search);
    if (kind === undefined) return this.boards.board(auth.tenantId, scope, parse(BoardQuery, query, 'query'));
    const id = parse(EmployeeId, decode(rawId ?? '', 'id'), 'path parameter id');
    if (kind === 'rank') return this.boards.rank(auth.tenantId, scope, id, parse(RankQuery, query, 'query'));
    return this.boards.around(auth.tenantId, scope, id, parse(AroundQuery, query, 'query'));
  }

  /**
   * The guard's rule for these routes: a valid bearer token, any role — verified by the same factory
   * the guard uses (issuer keys, deactivated people), so this fast path refuses what the guard would.
   */
  private async authenticate(request: IncomingMessage): Promise<AuthContext> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized();
    const result = await this.tokens.check(token);
    // The reason, as the guard gives it (expired, deactivated, untrusted issuer…).
    if (!result.ok) throw unauthorized(`bearer token refused: ${result.reason}`);
    return result.auth;
  }

  private send(response: ServerResponse, status: number, text: string): void {
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  private fail(response: ServerResponse, error: unknown): void {
    if (error instanceof AppError) {
      const body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      };
      this.send(response, error.status, JSON.stringify(body));
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    this.send(response, 500, JSON.stringify({ error: { code: 'internal', message: 'internal error' } }));
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

function decode(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AppError(400, 'validation_failed', `invalid path parameter ${name}: not URL-encoded`);
  }
}

/** The query as express hands it to the schemas: a repeated key becomes a list (and fails them). */
function queryOf(search: string | undefined): Record<string, string | string[]> {
  // No prototype: a key like `__proto__` stays a plain (and refused) field.
  const query = Object.create(null) as Record<string, string | string[]>;
  if (!search) return query;
  for (const [key, value] of new URLSearchParams(search)) {
    const before = Object.hasOwn(query, key) ? query[key] : undefined;
    query[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return query;
}
