import { BaseEnv, consumerLinger } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'content-service';
export const SCHEMA = 'content';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const ContentEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Off the board's path: larger, fewer batches under load (its share projection only hides shared items from the feed). */
  KAFKA_CONSUMER_LINGER_MS: consumerLinger(250),
  /** Timers for auto-archive, RSS polling and daily suggestions; off by default when NODE_ENV=test. */
  JOBS_ENABLED: booleanFlag.optional(),
  JOBS_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  RSS_POLL_INTERVAL_MS: z.coerce.number().int().min(10_000).max(86_400_000).default(900_000),
  RSS_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  RSS_MAX_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(5_000_000),
});
export type ContentConfig = z.infer<typeof ContentEnv>;
