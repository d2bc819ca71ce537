import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthRole } from '@advocacy/contracts';
import { forbidden, unauthorized } from '../errors';
import { DeactivatedAdvocates } from './deactivated';
import { AuthContext, signToken, TokenOptions, TokenVerifier } from './token-verifier';

/** The HS256 development secret, or null in production / when none is set. */
export const AUTH_SECRET = Symbol('AUTH_SECRET');

export const hasRole = (auth: AuthContext, ...roles: AuthRole[]) =>
  roles.some((role) => auth.roles.includes(role));

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

export const PUBLIC_KEY = 'advocacy:public';
export const ROLES_KEY = 'advocacy:roles';

/** The route needs no token (public redirect, health, metrics, docs, widget pages). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Whether the route of this request is @Public() (the rate limiter treats those per address). */
export const isPublicRoute = (reflector: Reflector, context: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) === true;
/** The caller needs one of these roles; `admin` always passes. */
export const Roles = (...roles: AuthRole[]) => SetMetadata(ROLES_KEY, roles);

interface RequestWithAuth {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  auth?: AuthContext;
}

/**
 * Verifies tokens and refuses those of deactivated employees: the one place every route, stream and
 * widget of every service asks "who is this?".
 */
@Injectable()
export class AuthTokenFactory {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly deactivated: DeactivatedAdvocates,
    @Inject(AUTH_SECRET) private readonly secret: string | null,
  ) {}

  /** A development/test token (tools, tests); throws in production, where no secret exists. */
  sign(options: TokenOptions): string {
    if (!this.secret) throw new Error('no AUTH_JWT_SECRET: development tokens cannot be signed here');
    return signToken(options, this.secret);
  }

  /** The caller, or why not. */
  async check(token: string): Promise<{ ok: true; auth: AuthContext } | { ok: false; reason: string }> {
    return this.deactivation(await this.verifier.verify(token));
  }

  /**
   * `check` without a promise for a token verified a moment ago (the hot read paths); undefined when
   * the token must be checked with `check`.
   */
  checkHeld(token: string): { ok: true; auth: AuthContext } | { ok: false; reason: string } | undefined {
    const held = this.verifier.held(token);
    return held && this.deactivation(held);
  }

  private deactivation(
    result: { ok: true; auth: AuthContext } | { ok: false; reason: string },
  ): { ok: true; auth: AuthContext } | { ok: false; reason: string } {
    if (result.ok && this.deactivated.has(result.auth.tenantId, result.auth.employeeId)) {
      return { ok: false, reason: 'this account was deactivated by the directory' };
    }
    return result;
  }

  async verify(token: string): Promise<AuthContext | null> {
    const result = await this.check(token);
    return result.ok ? result.auth : null;
  }
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AuthTokenFactory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const handlers = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<RequestWithAuth>();
    const header = request.headers.authorization;
    const token = bearerToken(Array.isArray(header) ? header[0] : header);
    const result = token ? await this.tokens.check(token) : null;
    if (result?.ok) request.auth = result.auth;

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, handlers)) return true;
    if (!result?.ok) throw unauthorized(result ? `bearer token refused: ${result.reason}` : undefined);
    const roles = this.reflector.getAllAndOverride<AuthRole[] | undefined>(ROLES_KEY, handlers);
    if (roles && roles.length > 0 && !hasRole(result.auth, 'admin', ...roles)) {
      throw forbidden(`requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}

/** The authenticated caller; on a @Public() route it is undefined when no valid token came. */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const request = context.switchToHttp().getRequest<RequestWithAuth>();
  return request.auth as AuthContext;
});
