import { AuthRole, TenantId } from '@advocacy/contracts';
import { z } from 'zod';

/**
 * How the claims of one issuer's tokens become ours. Keycloak puts roles under `realm_access.roles`,
 * Entra ID under `roles` (app roles) or `groups` (object ids), Okta under `groups`: the mapping says
 * where to look and which value means which of our roles. Values that already are our role names count
 * as themselves; every signed-in person is at least an `employee`.
 */
export const ClaimsMapping = z
  .object({
    /** the fixed tenant of this issuer (one IdP per company), or read from `tenantClaim` */
    tenant: TenantId.optional(),
    tenantClaim: z.string().min(1).default('tenant'),
    subjectClaim: z.string().min(1).default('sub'),
    teamClaim: z.string().min(1).default('team'),
    nameClaim: z.string().min(1).default('name'),
    /** claims (dotted paths) holding role or group values: arrays or space/comma separated strings */
    roleClaims: z.array(z.string().min(1)).min(1).default(['roles']),
    /** a claim value (role name, group name or group id) → our role */
    roleMap: z.record(z.string().min(1), AuthRole).default({}),
  })
  .strict();
export type ClaimsMapping = z.infer<typeof ClaimsMapping>;

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'] as const;

/** A tenant's OpenID provider whose tokens the services accept, verified through its JWKS. */
export const TrustedIssuer = z
  .object({
    issuer: z.string().min(1),
    jwksUrl: z.url({ protocol: /^https?$/ }),
    /** defaults to AUTH_AUDIENCE */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    algorithms: z
      .array(z.enum(ASYMMETRIC_ALGORITHMS))
      .min(1)
      .default([...ASYMMETRIC_ALGORITHMS]),
    claims: ClaimsMapping.default(ClaimsMapping.parse({})),
  })
  .strict();
export type TrustedIssuer = z.infer<typeof TrustedIssuer>;

const jsonArray = z.string().transform((text, context): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a JSON array of issuers' });
    return z.NEVER;
  }
});

/** The AUTH_* variables of every service (part of BaseEnv). */
export const AuthEnvShape = {
  /** HS256 secret of development and test tokens (`npm run token`); refused in production */
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** `iss` of the HS256 development tokens */
  AUTH_DEV_ISSUER: z.string().min(1).default('advocacy-dev'),
  /** the issuer whose tokens are verified through AUTH_JWKS_URL, with the default claims mapping */
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** the `aud` every token must carry (the API as a resource) */
  AUTH_AUDIENCE: z.string().min(1).default('advocacy-api'),
  /** more issuers (one per tenant's IdP) with their claims mapping, as a JSON array */
  AUTH_ISSUERS: jsonArray.pipe(z.array(TrustedIssuer)).optional(),
  /** longest accepted `exp - iat` (or `exp - now` without `iat`) */
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(86400),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** least time between two JWKS fetches caused by unknown `kid`s (jose's cooldown) */
  AUTH_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** how long fetched keys are trusted before they are fetched again */
  AUTH_JWKS_CACHE_SECONDS: z.coerce.number().int().min(1).max(86400).default(600),
  /**
   * How long a token whose signature and claims were verified is accepted again without verifying
   * them again (0: verify every request). Never past the token's own `exp`.
   */
  AUTH_VERIFIED_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
};

export interface AuthSettings {
  production: boolean;
  audience: string;
  maxLifetimeSeconds: number;
  clockSkewSeconds: number;
  jwksCooldownSeconds: number;
  jwksCacheSeconds: number;
  verifiedTokenCacheSeconds: number;
  /** HS256 development tokens; null in production or when no secret is set */
  development: { issuer: string; secret: string; claims: ClaimsMapping } | null;
  issuers: TrustedIssuer[];
}

export const AuthEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']),
  ...AuthEnvShape,
});
export type AuthEnv = z.output<typeof AuthEnv>;

/**
 * The checks that span several variables, as `variable: problem` lines (empty when fine): production
 * verifies only through a JWKS, AUTH_ISSUER and AUTH_JWKS_URL go together.
 */
export function authConfigProblems(env: AuthEnv): string[] {
  const problems: string[] = [];
  if ((env.AUTH_ISSUER === undefined) !== (env.AUTH_JWKS_URL === undefined)) {
    problems.push(
      `${env.AUTH_ISSUER === undefined ? 'AUTH_ISSUER' : 'AUTH_JWKS_URL'}: AUTH_ISSUER and AUTH_JWKS_URL are set together`,
    );
  }
  const jwksIssuers = (env.AUTH_JWKS_URL ? 1 : 0) + (env.AUTH_ISSUERS?.length ?? 0);
  if (env.NODE_ENV === 'production' && jwksIssuers === 0) {
    problems.push('AUTH_JWKS_URL: production verifies tokens only through a JWKS (set it, or AUTH_ISSUERS)');
  }
  if (env.NODE_ENV !== 'production' && jwksIssuers === 0 && !env.AUTH_JWT_SECRET) {
    problems.push('AUTH_JWT_SECRET: required when no JWKS issuer is configured');
  }
  return problems;
}

export function authSettings(env: AuthEnv): AuthSettings {
  const defaults = ClaimsMapping.parse({});
  const issuers: TrustedIssuer[] = [...(env.AUTH_ISSUERS ?? [])];
  if (env.AUTH_ISSUER && env.AUTH_JWKS_URL) {
    issuers.push(TrustedIssuer.parse({ issuer: env.AUTH_ISSUER, jwksUrl: env.AUTH_JWKS_URL }));
  }
  const production = env.NODE_ENV === 'production';
  return {
    production,
    audience: env.AUTH_AUDIENCE,
    maxLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    clockSkewSeconds: env.AUTH_CLOCK_SKEW_SECONDS,
    jwksCooldownSeconds: env.AUTH_JWKS_COOLDOWN_SECONDS,
    jwksCacheSeconds: env.AUTH_JWKS_CACHE_SECONDS,
    verifiedTokenCacheSeconds: env.AUTH_VERIFIED_TOKEN_CACHE_SECONDS,
    development:
      !production && env.AUTH_JWT_SECRET
        ? { issuer: env.AUTH_DEV_ISSUER, secret: env.AUTH_JWT_SECRET, claims: defaults }
        : null,
    issuers,
  };
}
