import { Inject, Injectable, Logger } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Histogram, Registry } from 'prom-client';
import {
  APP_CONFIG,
  AuthTokenFactory,
  bearerToken,
  Clock,
  escapeHtml,
  histogram,
  METRICS_REGISTRY,
  periodBuckets,
  RateLimits,
  serveAhead,
} from '@advocacy/platform';
import { sharerCookieKey, ShareTrackingConfig, visitorHashSecret } from '../config';
import { ClickRecorder } from './click-recorder';
import { isBot, visitorHash } from './click.rules';
import { LinkCache, ResolvedLink } from './link-cache';
import { LinkTarget } from './link.repository';
import { redirectCodeOf } from './redirect.paths';
import { readSharerCookie } from './sharer-cookie';
import { TrustProxy, visitorAddress } from './visitor-address';

const LINK_CODE = /^[0-9A-Za-z]{8,32}$/;
export const REDIRECT_ROUTE = '/l/:code';

const page = (title: string, text: string) =>
  Buffer.from(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
      `<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;margin:3rem">` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
  );
const NOT_FOUND_PAGE = page('Link not found', 'This link does not exist.');
const WITHDRAWN_PAGE = page('Link withdrawn', 'The person who shared this link withdrew it.');
const ARCHIVED_PAGE = page('Link expired', 'This content is no longer available for sharing.');
const RATE_LIMITED_PAGE = page('Too many requests', 'Please try again in a moment.');
const UNAVAILABLE_PAGE = page('Link unavailable', 'Please try again in a moment.');

/**
 * The public tracked link, served ahead of express and Nest's router: it is the one hot public path,
 * and it needs none of the body parsers, guard, interceptor and filter chain. A link held in memory is answered without I/O or
 * promise; the click is handed to the recorder after the response is written. An invalid code is
 * answered like an unknown one (a small page, not JSON). A bearer token is verified only to tell the
 * sharer's own clicks apart; the link needs none.
 */
@Injectable()
export class RedirectHandler {
  private readonly logger = new Logger('RedirectHandler');
  private readonly secret: KeyObject;
  private readonly sharerKey: KeyObject;
  private readonly latency: Histogram<string>;
  private trustProxy: () => TrustProxy = () => () => true;

  constructor(
    private readonly links: LinkCache,
    private readonly clicks: ClickRecorder,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
    @Inject(APP_CONFIG) config: ShareTrackingConfig,
    private readonly tokens: AuthTokenFactory,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.secret = createSecretKey(Buffer.from(visitorHashSecret(config)));
    this.sharerKey = sharerCookieKey(config);
    // The same histogram the HTTP interceptor of every other route fills.
    this.latency = histogram(registry, 'http_request_duration_seconds', 'HTTP request latency', [
      'method',
      'route',
      'status',
    ]);
  }

  /**
   * Puts the redirect in front of the server's request listener (the express app): GET and HEAD of
   * `/l/:code` are answered here, every other request goes on to express unchanged.
   */
  mount(server: Server, app: Express): void {
    this.trustProxy = () => app.get('trust proxy fn') as TrustProxy;
    serveAhead(server, (request, response) => this.serve(request, response));
  }

  /** Answers the request when it is a redirect; false leaves it to the next handler. */
  serve(request: IncomingMessage, response: ServerResponse): boolean {
    const code = redirectCodeOf(request.method, request.url);
    if (code === null) return false;
    this.follow(code, request, response);
    return true;
  }

  follow(code: string, request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    if (this.limits.enabled && this.limited(request, response)) {
      this.observe(request, response, started);
      return;
    }
    const held = LINK_CODE.test(code) ? this.links.peek(code) : null;
    if (held !== undefined) {
      this.answer(held, request, response, started);
      return;
    }
    this.links.resolve(code).then(
      (link) => this.answer(link, request, response, started),
      (error: unknown) => {
        this.logger.error(`resolving a link failed: ${String(error)}`);
        this.send(response, 503, UNAVAILABLE_PAGE);
        this.observe(request, response, started);
      },
    );
  }

  private answer(
    link: ResolvedLink | null,
    request: IncomingMessage,
    response: ServerResponse,
    started: number,
  ): void {
    if (!link) {
      this.send(response, 404, NOT_FOUND_PAGE);
    } else if (link.target.withdrawn) {
      this.send(response, 410, WITHDRAWN_PAGE);
    } else if (link.target.archived) {
      this.send(response, 410, ARCHIVED_PAGE);
    } else {
      response.writeHead(302, {
        Location: link.location,
        'Cache-Control': 'private, no-store',
        'Content-Length': '0',
        'X-Content-Type-Options': 'nosniff',
      });
      response.end();
      this.record(link.target, request);
    }
    this.observe(request, response, started);
  }

  /**
   * Per client address, through Redis, without making the redirect wait for it: the request is
   * counted afterwards, and an address found over its limit is refused from memory until it may
   * come back. A burst can so pass its limit by the few requests of one Redis round trip.
   */
  private limited(request: IncomingMessage, response: ServerResponse): boolean {
    const address = visitorAddress(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      this.trustProxy(),
    );
    const wait = this.limits.publicBlockedFor(address);
    if (wait === null) {
      this.limits.notePublic(address);
      return false;
    }
    response.setHeader('Retry-After', String(wait));
    this.send(response, 429, RATE_LIMITED_PAGE);
    return true;
  }

  private send(response: ServerResponse, status: number, body: Buffer): void {
    response.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    });
    response.end(body);
  }

  private observe(request: IncomingMessage, response: ServerResponse, started: number): void {
    this.latency.observe(
      { method: request.method ?? 'GET', route: REDIRECT_ROUTE, status: String(response.statusCode) },
      (performance.now() - started) / 1000,
    );
  }

  /**
   * Without a bearer token (nearly every visitor) the click is handed over at once; with one, after
   * the token was verified (a JWKS token may need its keys fetched), to tell the sharer's own clicks.
   */
  private record(target: LinkTarget, request: IncomingMessage): void {
    const clickedAt = this.clock.now();
    // The sharer's browser carries the cookie set when the share was recorded; an API client, a token.
    const cookie = readSharerCookie(this.sharerKey, request.headers.cookie);
    if (cookie) {
      const own = cookie.tenantId === target.tenantId && cookie.employeeId === target.employeeId;
      this.hand(target, request, clickedAt, own);
      return;
    }
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      this.hand(target, request, clickedAt, false);
      return;
    }
    void this.tokens
      .verify(token)
      .then((auth) =>
        this.hand(
          target,
          request,
          clickedAt,
          auth !== null && auth.tenantId === target.tenantId && auth.employeeId === target.employeeId,
        ),
      );
  }

  private hand(target: LinkTarget, request: IncomingMessage, now: Date, own: boolean): void {
    const { day } = periodBuckets(now);
    const userAgent = request.headers['user-agent'] ?? '';
    this.clicks.record({
      target,
      shareId: target.shareId,
      visitorHash: visitorHash(
        this.secret,
        visitorAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.trustProxy()),
        day,
      ),
      day,
      clickedAt: now,
      human: !isBot(userAgent),
      own,
    });
  }
}
