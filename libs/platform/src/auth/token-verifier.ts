import { AuthRole, EmployeeId, ROLES, TeamId, TenantId } from '@advocacy/contracts';
import { z } from 'zod';
import { createSecretKey, KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
} from 'jose';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { AuthSettings, ClaimsMapping, TrustedIssuer } from './auth-config';

/** Who is calling, for which tenant. Every query a service makes is scoped by `tenantId`. */
export interface AuthContext {
  tenantId: string;
  employeeId: string;
  roles: AuthRole[];
  teamId?: string;
  name?: string;
  /** The caller's e-mail address from the token's `email` claim, when it carries a valid one. */
  email?: string;
  /** the bearer token itself, for a call a service makes on the caller's behalf */
  token?: string;
  /** when the token stops being valid */
  expiresAt?: Date;
}

/** Why a token was refused; the 401 says it, so a client knows whether signing in again helps. */
export class TokenRejected extends Error {}

type Verified = { ok: true; auth: AuthContext } | { ok: false; reason: string };

/** The OpenID `email` claim; one that is not an address is ignored, not a reason to refuse the token. */
const EmailClaim = z.email().max(254);

const isRole = (value: string): value is AuthRole => (ROLES as readonly string[]).includes(value);

/** `a.b.c` in a claims object, without walking into prototypes. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** A verified token's claims → our AuthContext through the issuer's mapping; null names the bad claim. */
export function mapClaims(payload: JWTPayload, mapping: ClaimsMapping): AuthContext | string {
  const tenant = TenantId.safeParse(mapping.tenant ?? claimAt(payload, mapping.tenantClaim));
  if (!tenant.success) return `claim ${mapping.tenantClaim} is missing or not a tenant id`;
  const sub = EmployeeId.safeParse(claimAt(payload, mapping.subjectClaim));
  if (!sub.success) return `claim ${mapping.subjectClaim} is missing or not an employee id`;
  const roles = new Set<AuthRole>();
  const roleMap = new Map(Object.entries(mapping.roleMap));
  for (const claim of mapping.roleClaims) {
    for (const value of claimValues(claimAt(payload, claim))) {
      const mapped = roleMap.get(value);
      if (mapped) roles.add(mapped);
      else if (isRole(value)) roles.add(value);
    }
  }
  // Every signed-in person is at least an employee; a machine client (`integration`) is not a person.
  if (!roles.has('integration')) roles.add('employee');
  const team = TeamId.safeParse(claimAt(payload, mapping.teamClaim));
  const name = claimAt(payload, mapping.nameClaim);
  const email = EmailClaim.safeParse(claimAt(payload, 'email'));
  return {
    tenantId: tenant.data,
    employeeId: sub.data,
    roles: [...roles],
    ...(team.success ? { teamId: team.data } : {}),
    ...(typeof name === 'string' && name.length > 0 ? { name: name.slice(0, 120) } : {}),
    ...(email.success ? { email: email.data } : {}),
  };
}

/** Most verified tokens kept at once: a token is ~1 KB, so ~10 MB at most. */
const VERIFIED_TOKENS_MAX = 10_000;

/** A verified token's caller, and until when (epoch ms) it is accepted without verifying it again. */
interface VerifiedToken {
  auth: AuthContext;
  until: number;
}

interface IssuerVerifier {
  key: KeyObject | JWTVerifyGetKey;
  algorithms: string[];
  audience: string | string[];
  claims: ClaimsMapping;
}

/**
 * Verifies bearer tokens: HS256 development tokens (never in production) and RS256/ES256 tokens of
 * the trusted issuers through their JWKS. jose's remote key set caches the keys, refetches when a
 * token names an unknown `kid` (a rotated key) at most once per cooldown, and refreshes them after
 * `cacheMaxAge`. The issuer is picked by the token's `iss` before any signature is checked, so a
 * token can only be verified with its own issuer's keys and audience.
 *
 * A token that passed is kept (by its exact text, at most `VERIFIED_TOKENS_MAX`, least recently used
 * dropped first) and accepted again for `verifiedTokenCacheSeconds`, never past its `exp` plus the
 * clock skew: a client calls with the same token for its whole lifetime, and the signature check
 * (RSA or ECDSA) was the largest cost of a board read. Failures are not kept. Deactivation is not
 * part of it (AuthTokenFactory checks it on every call); a key the issuer withdraws is trusted until
 * the JWKS is fetched again anyway (`jwksCacheSeconds`), so the cache adds at most its own seconds.
 */
export class TokenVerifier {
  private readonly byIssuer = new Map<string, IssuerVerifier>();
  private readonly verified: LRUCache<string, VerifiedToken> | null;

  constructor(private readonly settings: AuthSettings) {
    this.verified =
      settings.verifiedTokenCacheSeconds > 0 ? new LRUCache({ max: VERIFIED_TOKENS_MAX }) : null;
    if (settings.development) {
      this.byIssuer.set(settings.development.issuer, {
        key: createSecretKey(Buffer.from(settings.development.secret, 'utf8')),
        algorithms: ['HS256'],
        audience: settings.audience,
        claims: settings.development.claims,
      });
    }
    for (const issuer of settings.issuers) this.byIssuer.set(issuer.issuer, this.remote(issuer));
  }

  private remote(issuer: TrustedIssuer): IssuerVerifier {
    return {
      key: createRemoteJWKSet(new URL(issuer.jwksUrl), {
        cooldownDuration: this.settings.jwksCooldownSeconds * 1000,
        cacheMaxAge: this.settings.jwksCacheSeconds * 1000,
        timeoutDuration: 5000,
      }),
      algorithms: [...issuer.algorithms],
      audience: issuer.audience ?? this.settings.audience,
      claims: issuer.claims,
    };
  }

  async verify(token: string, now: Date = new Date()): Promise<Verified> {
    const held = this.held(token, now);
    if (held) return held;
    const result = await this.verifyNow(token, now);
    if (result.ok && this.verified && result.auth.expiresAt) {
      const until = Math.min(
        now.getTime() + this.settings.verifiedTokenCacheSeconds * 1000,
        result.auth.expiresAt.getTime() + this.settings.clockSkewSeconds * 1000,
      );
      this.verified.set(token, { auth: { ...result.auth }, until });
    }
    return result;
  }

  /** The token's caller when it passed a check that is still fresh, without a promise; else undefined. */
  held(token: string, now: Date = new Date()): Verified | undefined {
    const cached = this.verified?.get(token);
    if (!cached) return undefined;
    if (now.getTime() < cached.until) return { ok: true, auth: { ...cached.auth } };
    this.verified?.delete(token);
    return undefined;
  }

  private async verifyNow(token: string, now: Date): Promise<Verified> {
    let issuer: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg === 'none' || header.alg === undefined) return { ok: false, reason: 'unsigned token' };
      issuer = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    const verifier = issuer === undefined ? undefined : this.byIssuer.get(issuer);
    if (!verifier) return { ok: false, reason: `issuer ${issuer ?? '(none)'} is not trusted` };
    try {
      const { payload } =
        verifier.key instanceof KeyObject
          ? await jwtVerify(token, verifier.key, this.options(issuer as string, verifier, now))
          : await jwtVerify(token, verifier.key, this.options(issuer as string, verifier, now));
      const lifetime = (payload.exp as number) - (payload.iat ?? Math.floor(now.getTime() / 1000));
      if (lifetime > this.settings.maxLifetimeSeconds + this.settings.clockSkewSeconds) {
        return { ok: false, reason: `token lifetime exceeds ${this.settings.maxLifetimeSeconds}s` };
      }
      const auth = mapClaims(payload, verifier.claims);
      if (typeof auth === 'string') return { ok: false, reason: auth };
      return { ok: true, auth: { ...auth, token, expiresAt: new Date((payload.exp as number) * 1000) } };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  }

  private options(issuer: string, verifier: IssuerVerifier, now: Date) {
    return {
      issuer,
      audience: verifier.audience,
      algorithms: verifier.algorithms,
      clockTolerance: this.settings.clockSkewSeconds,
      requiredClaims: ['exp'],
      currentDate: now,
    };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim}: ${error.reason}`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token (kid)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed for this issuer';
  if (error instanceof errors.JWKSTimeout) return 'issuer keys unavailable (timeout)';
  if (error instanceof errors.JOSEError) return error.message;
  return 'token not verifiable';
}

export interface TokenOptions {
  tenant: string;
  sub: string;
  roles?: AuthRole[];
  team?: string;
  name?: string;
  email?: string;
  expiresInSeconds?: number;
  /** development defaults: `advocacy-dev` and `advocacy-api` */
  issuer?: string;
  audience?: string;
}

export const DEV_TOKEN_DEFAULTS = { issuer: 'advocacy-dev', audience: 'advocacy-api' } as const;

/**
 * A development/test HS256 token with `iss`, `aud`, `iat` and `exp` matching the dev config. Signed
 * with jsonwebtoken because it signs synchronously: every test and tool calls this inline.
 */
export function signToken(options: TokenOptions, secret: string): string {
  const claims: Record<string, unknown> = {
    tenant: options.tenant,
    roles: options.roles ?? ['employee'],
    ...(options.team ? { team: options.team } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.email ? { email: options.email } : {}),
  };
  return jwt.sign(claims, keyOf(secret), {
    algorithm: 'HS256',
    subject: options.sub,
    issuer: options.issuer ?? DEV_TOKEN_DEFAULTS.issuer,
    audience: options.audience ?? DEV_TOKEN_DEFAULTS.audience,
    expiresIn: options.expiresInSeconds ?? 12 * 3600,
  });
}

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
