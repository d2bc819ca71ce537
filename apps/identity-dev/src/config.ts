import { ConfigError } from '@advocacy/platform';
import { z } from 'zod';

const urlList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

/** THE CONTRACT the web app codes against: issuer, client, redirect URIs, audience. */
export const IdentityEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3009),
  /** what tokens say in `iss`: the edge on 8080 proxies /oidc/ here keeping the path */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).default('http://localhost:8080/oidc'),
  /** more redirect URIs of the `advocacy-web` client (tests) */
  OIDC_EXTRA_REDIRECT_URIS: urlList,
  /** the resource (audience) of the access tokens */
  AUTH_AUDIENCE: z.string().min(1).default('advocacy-api'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});
export type IdentityConfig = z.infer<typeof IdentityEnv>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const result = IdentityEnv.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.NODE_ENV === 'production') {
    throw new ConfigError(
      'invalid configuration:\n  NODE_ENV: identity-dev is a development provider and never runs in production',
    );
  }
  const issuer = new URL(result.data.OIDC_ISSUER);
  if (issuer.pathname !== '/oidc') {
    throw new ConfigError(
      'invalid configuration:\n  OIDC_ISSUER: its path must be /oidc (where the provider is mounted)',
    );
  }
  return Object.freeze(result.data);
}
