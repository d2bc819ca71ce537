import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';

/**
 * The bench's tokens. Its services run with NODE_ENV=production, which accepts only tokens of a JWKS
 * issuer, so `bench/jwks.ts` makes an RSA key for the run and serves its public half; tokens are
 * signed with the private half (RS256), as an identity provider would. The key's path and the issuer
 * come from run.sh (`BENCH_SIGNING_KEY`, `AUTH_ISSUER`), which child processes inherit.
 */
export const BENCH_KEY_ID = 'bench-1';
export const BENCH_ISSUER_DEFAULT = 'https://bench.advocacy.invalid';

export interface BenchClaims {
  tenant: string;
  sub: string;
  roles?: string[];
  team?: string;
}

let signingKey: string | undefined;

export function benchToken(claims: BenchClaims): string {
  const keyPath = process.env.BENCH_SIGNING_KEY;
  if (!keyPath) throw new Error('BENCH_SIGNING_KEY is not set: run the bench through bench/run.sh');
  signingKey ??= readFileSync(keyPath, 'utf8');
  const { sub, ...rest } = claims;
  return jwt.sign({ roles: ['employee'], ...rest }, signingKey, {
    algorithm: 'RS256',
    keyid: BENCH_KEY_ID,
    subject: sub,
    issuer: process.env.AUTH_ISSUER ?? BENCH_ISSUER_DEFAULT,
    audience: process.env.AUTH_AUDIENCE ?? 'advocacy-api',
    expiresIn: 3600,
  });
}
