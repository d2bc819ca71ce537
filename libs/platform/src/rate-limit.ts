/**
 * Rate limits shared by every replica through Redis (rate-limiter-flexible): per client address on
 * public routes, per failed sign-in from an address, per bearer token and per tenant on the API. An
 * exceeded limit answers 429 with Retry-After. Limits come from the environment (HttpSecurityEnv);
 * benches raise them there.
 */
import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthContext, bearerToken, isPublicRoute } from './auth/index';
import { APP_CONFIG } from './config';
import { AppError } from './errors';
import type { HttpSecurityEnv } from './http-security';
import { REDIS } from './redis';

type Bucket = 'public' | 'token' | 'tenant' | 'auth-failure';

/** Raised as a 429; the caller sets Retry-After from `retryAfterSeconds`. */
export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `too many requests; retry after ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

const MAX_REMEMBERED_BLOCKS = 10_000;

/** The limiters of one service. Without Redis (or disabled) every check passes. */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly limiters = new Map<Bucket, RateLimiterRedis>();
  /** Addresses over the public limit, until when: lets the redirect refuse without waiting for Redis. */
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: HttpSecurityEnv & { KAFKA_TOPIC_PREFIX?: string },
    @Optional() @Inject(REDIS) redis?: Redis,
  ) {
    if (!redis || !config.RATE_LIMIT_ENABLED) return;
    const prefix = `${config.KAFKA_TOPIC_PREFIX ?? ''}rl`;
    const limit = (bucket: Bucket, points: number) =>
      this.limiters.set(
        bucket,
        new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${bucket}`, points, duration: 60 }),
      );
    limit('public', config.RATE_LIMIT_PUBLIC_PER_MINUTE);
    limit('token', config.RATE_LIMIT_TOKEN_PER_MINUTE);
    limit('tenant', config.RATE_LIMIT_TENANT_PER_MINUTE);
    limit('auth-failure', config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE);
  }

  get enabled(): boolean {
    return this.limiters.size > 0;
  }

  /** Takes one request from the bucket; throws RateLimited when it is empty. */
  async consume(bucket: Bucket, key: string): Promise<void> {
    const limiter = this.limiters.get(bucket);
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        if (bucket === 'public') this.remember(key, Date.now() + seconds * 1000);
        throw new RateLimited(seconds);
      }
      // Redis away: serving on beats refusing everyone; the error shows in the logs
      this.logger.warn(`rate limiter unavailable: ${String(rejection)}`);
    }
  }

  /** Throws RateLimited when the address already used up its failed sign-ins. */
  async assertAuthFailuresLeft(address: string): Promise<void> {
    const limiter = this.limiters.get('auth-failure');
    if (!limiter) return;
    const state = await limiter.get(address).catch(() => null);
    if (state && state.consumedPoints >= this.config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE) {
      throw new RateLimited(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    }
  }

  async recordAuthFailure(address: string): Promise<void> {
    await this.limiters
      .get('auth-failure')
      ?.penalty(address)
      .catch(() => undefined);
  }

  /**
   * For the redirect, answered without awaiting anything: seconds to wait when the address is known
   * to be over its limit, else null. `notePublic` counts the request in Redis afterwards.
   */
  publicBlockedFor(address: string): number | null {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return null;
    const left = until - Date.now();
    if (left <= 0) {
      this.blockedUntil.delete(address);
      return null;
    }
    return Math.ceil(left / 1000);
  }

  notePublic(address: string): void {
    this.consume('public', address).catch(() => undefined);
  }

  private remember(address: string, until: number): void {
    if (this.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) {
      const oldest = this.blockedUntil.keys().next().value;
      if (oldest !== undefined) this.blockedUntil.delete(oldest);
    }
    this.blockedUntil.set(address, until);
  }

  onModuleDestroy(): void {
    this.blockedUntil.clear();
  }
}

interface LimitedRequest extends IncomingMessage {
  ip?: string;
  path?: string;
  auth?: AuthContext;
}

export const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

function retryAfter(context: ExecutionContext, error: unknown): never {
  if (error instanceof RateLimited) {
    context
      .switchToHttp()
      .getResponse<ServerResponse>()
      .setHeader('Retry-After', String(error.retryAfterSeconds));
  }
  throw error;
}

/**
 * Runs before authentication: public routes are limited per client address, and an address that
 * collected too many 401s is refused before its next token is even looked at.
 */
@Injectable()
export class ClientRateGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || !this.limits.enabled) return true;
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    if (UNLIMITED_PATHS.test(request.path ?? request.url ?? '')) return true;
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    try {
      if (isPublicRoute(this.reflector, context)) {
        await this.limits.consume('public', address);
        return true;
      }
      await this.limits.assertAuthFailuresLeft(address);
    } catch (error) {
      retryAfter(context, error);
    }
    const response = context.switchToHttp().getResponse<ServerResponse>();
    response.once('finish', () => {
      if (response.statusCode === 401) void this.limits.recordAuthFailure(address);
    });
    return true;
  }
}

/** Runs after authentication: per bearer token, then per tenant. */
@Injectable()
export class PrincipalRateGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || !this.limits.enabled) return true;
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    const auth = request.auth;
    if (!auth) return true;
    const token = bearerToken(String(request.headers.authorization ?? ''));
    const tokenKey = token
      ? createHash('sha256').update(token).digest('base64url')
      : `${auth.tenantId}:${auth.employeeId}`;
    try {
      await this.limits.consume('token', tokenKey);
      await this.limits.consume('tenant', auth.tenantId);
    } catch (error) {
      retryAfter(context, error);
    }
    return true;
  }
}
