import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { BaseEnv, ConfigError, consumerLinger } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'share-tracking-service';
export const SCHEMA = 'tracking';

/** Only for development and tests; production refuses to start without its own secret. */
export const DEV_VISITOR_HASH_SECRET = 'dev-only-visitor-hash-secret-change-me';

export const ShareTrackingEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Off the board's path: larger, fewer batches under load (it consumes content, guidelines, advocates and coaching: no hot topic). */
  KAFKA_CONSUMER_LINGER_MS: consumerLinger(250),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
  /** Key of the visitor hash (HMAC-SHA256 of the visitor's network and day) and of the sharer cookie. */
  VISITOR_HASH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CLICK_FLUSH_MS: z.coerce.number().int().min(5).max(10000).default(50),
  CLICK_FLUSH_MAX: z.coerce.number().int().min(1).max(10000).default(500),
  /** Clicks per visitor per share per minute above which further clicks are recorded as capped. */
  CLICK_BURST_CAP: z.coerce.number().int().min(1).max(1000).default(10),
  LINK_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  LINK_NOT_FOUND_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * Lifetime of a resolved link in each process's memory, in front of Redis. A withdrawal is seen at
   * once by the replica that made it and by the others within this time.
   */
  LINK_LOCAL_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  LINK_LOCAL_CACHE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
});
export type ShareTrackingConfig = z.infer<typeof ShareTrackingEnv>;

/** The visitor-hash key; a missing secret is a configuration error in production only. */
export function visitorHashSecret(config: ShareTrackingConfig): string {
  if (config.VISITOR_HASH_SECRET) return config.VISITOR_HASH_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration:\n  VISITOR_HASH_SECRET: is required in production');
  }
  return DEV_VISITOR_HASH_SECRET;
}

/** The sharer cookie's key, derived from the visitor-hash secret so no second secret is needed. */
export function sharerCookieKey(config: ShareTrackingConfig): KeyObject {
  return createSecretKey(createHmac('sha256', visitorHashSecret(config)).update('sharer-cookie').digest());
}
