import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthRole, EmployeeId, TeamId, TenantId } from '@advocacy/contracts';
import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { forbidden, unauthorized } from './errors';

export const AUTH_SECRET = Symbol('AUTH_SECRET');

const Claims = z.object({
  sub: EmployeeId,
  tenant: TenantId,
  roles: z.array(AuthRole).default(['employee']),
  team: TeamId.optional(),
  name: z.string().max(120).optional(),
});

/** Who is calling, for which tenant. Every query a service makes is scoped by `tenantId`. */
export interface AuthContext {
  tenantId: string;
  employeeId: string;
  roles: AuthRole[];
  teamId?: string;
  name?: string;
  /** When the credential stops being valid (epoch ms); long-lived streams end there. */
  expiresAt?: number;
}

export const hasRole = (auth: AuthContext, ...roles: AuthRole[]) =>
  roles.some((role) => auth.roles.includes(role));

const keys = new Map<string, KeyObject>();

/** jsonwebtoken builds a key object from a string secret on every call; build it once per secret. */
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export function verifyToken(token: string, secret: string): AuthContext | null {
  try {
    const decoded = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] });
    const claims = Claims.safeParse(decoded);
    if (!claims.success) return null;
    const exp = typeof decoded === 'object' && typeof decoded.exp === 'number' ? decoded.exp : undefined;
    return {
      tenantId: claims.data.tenant,
      employeeId: claims.data.sub,
      roles: claims.data.roles,
      ...(claims.data.team ? { teamId: claims.data.team } : {}),
      ...(claims.data.name ? { name: claims.data.name } : {}),
      ...(exp !== undefined ? { expiresAt: exp * 1000 } : {}),
    };
  } catch {
    return null;
  }
}

export interface TokenOptions {
  tenant: string;
  sub: string;
  roles?: AuthRole[];
  team?: string;
  name?: string;
  expiresInSeconds?: number;
}

export function signToken(options: TokenOptions, secret: string): string {
  const claims: Record<string, unknown> = {
    sub: options.sub,
    tenant: options.tenant,
    roles: options.roles ?? ['employee'],
  };
  if (options.team) claims.team = options.team;
  if (options.name) claims.name = options.name;
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: options.expiresInSeconds ?? 12 * 3600 });
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

const PUBLIC_KEY = 'advocacy:public';
const ROLES_KEY = 'advocacy:roles';

/** The route needs no token (public redirect, health, metrics, docs, widget pages). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** The caller needs one of these roles; `admin` always passes. */
export const Roles = (...roles: AuthRole[]) => SetMetadata(ROLES_KEY, roles);

interface RequestWithAuth {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  auth?: AuthContext;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handlers = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<RequestWithAuth>();
    const header = request.headers.authorization;
    const token = bearerToken(Array.isArray(header) ? header[0] : header);
    const auth = token ? verifyToken(token, this.secret) : null;
    if (auth) request.auth = auth;

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, handlers)) return true;
    if (!auth) throw unauthorized();
    const roles = this.reflector.getAllAndOverride<AuthRole[] | undefined>(ROLES_KEY, handlers);
    if (roles && roles.length > 0 && !hasRole(auth, 'admin', ...roles)) {
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

@Injectable()
export class AuthTokenFactory {
  constructor(@Inject(AUTH_SECRET) private readonly secret: string) {}
  sign(options: TokenOptions): string {
    return signToken(options, this.secret);
  }
  verify(token: string): AuthContext | null {
    return verifyToken(token, this.secret);
  }
}
