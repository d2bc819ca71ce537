import { z } from 'zod';
import { authConfigProblems, AuthEnvShape } from './auth/auth-config';
import { OutboundEnv } from './outbound';
import { HttpSecurityEnv } from './http-security';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** Variables every service reads. A service extends this with its own. */
/** `KAFKA_CONSUMER_LINGER_MS` with a service's own default (see BaseEnv). */
export const consumerLinger = (defaultMs: number) =>
  z.coerce.number().int().min(0).max(5000).default(defaultMs);

export const BaseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/advocacy'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379/0'),
  /** Redis Cluster seeds (`host:port,…`); when set, services use the cluster client (REDIS_URL gives credentials). */
  REDIS_CLUSTER_NODES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((node) => node.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port list'))),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port list')).min(1)),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
  /** Partition batches taken together; those of one topic make one handler call (transport.ts). */
  KAFKA_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** How long an idle fetch waits at the broker (data answers it at once). */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(10_000).default(1000),
  /**
   * Least time from one fetch to the next once data flows (transport.ts): under load a consumer then
   * takes a few large batches a second instead of hundreds of tiny ones. Off the board's path the
   * services set their own default with `consumerLinger`; 0 = fetch again at once.
   */
  KAFKA_CONSUMER_LINGER_MS: consumerLinger(0),
  ...AuthEnvShape,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(60000).default(200),
  /** The relay's poll interval grows from OUTBOX_POLL_MS to this while the outbox stays empty. */
  OUTBOX_IDLE_POLL_MS: z.coerce.number().int().min(5).max(60000).default(2000),
  CONSUMERS_ENABLED: booleanFlag.default(true),
  /**
   * Run pending migrations at start. Unset: yes, except when NODE_ENV=production, where migrations
   * are their own step (`<service main> migrate`, `npm run migrate`, the chart's migration Job).
   */
  MIGRATE_ON_START: booleanFlag.optional(),
  /**
   * Which hops' X-Forwarded-For is believed for a client's address (express `trust proxy`: `true`,
   * `false`, a hop count, or addresses/subnets/`loopback`/`linklocal`/`uniquelocal`). A believed
   * header lets a client choose its own address, so one visitor could pose as many and mint unique
   * clicks: by default none is believed; set the addresses of your own proxies (the local edge on
   * loopback in development).
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string =>
      value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
    ),
  ...OutboundEnv.shape,
  ...HttpSecurityEnv.shape,
});
export type BaseEnv = z.infer<typeof BaseEnv>;

export class ConfigError extends Error {}

/**
 * Reads the environment once, validates it and freezes it. A bad value throws a ConfigError whose
 * message names every offending variable; main.ts turns that into a non-zero exit.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  const problems = result.success
    ? Object.hasOwn(result.data, 'AUTH_AUDIENCE')
      ? authConfigProblems(result.data as BaseEnv)
      : []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!result.success || problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
  return Object.freeze(result.data);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
