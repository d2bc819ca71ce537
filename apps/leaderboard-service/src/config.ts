import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'leaderboard-service';
export const SCHEMA = 'leaderboard';

export const LeaderboardEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** Closed day/week/month buckets stay queryable (`?at=`) this long after their period ends. */
  LEADERBOARD_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(13),
  /** A redelivered envelope is recognised if it comes back within this many days. */
  LEADERBOARD_DEDUPE_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  /**
   * How long a replica keeps a tenant's HERO set for board reads. A HERO change drops it at once on
   * every replica (the \`boards\` live message); this bounds staleness when that message is lost.
   */
  LEADERBOARD_HERO_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /**
   * How long a replica answers the same board read (tenant and URL) from the answer it serialised
   * last; any change of the tenant's boards (the `points` and `boards` live messages) drops it at
   * once on every replica, so this only bounds staleness when such a message is lost. 0: off.
   */
  LEADERBOARD_READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How often period-close work (rank badges, HERO status) runs; 0 turns the timer off (tests). */
  PERIOD_CLOSE_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * How often every tenant's boards are compared with the scoring ledger (and repaired by a rebuild
   * when they drifted); 0 turns the timer off. The safety net, not the mechanism: drift stays 0.
   */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(900_000),
  /** A drift must still be there this long later to count: events in flight are not drift. */
  RECONCILE_CONFIRM_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  SCORING_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3003'),
  /**
   * One of scoring's `LEDGER_EXPORT_KEYS`: how the rebuild and reconcile jobs read a tenant's ledger
   * with no user behind them. Without it they sign a development token, which production refuses.
   */
  LEDGER_EXPORT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  SSE_COALESCE_MS: z.coerce.number().int().min(0).default(250),
  /** Open streams one subject (a token's tenant and employee) may hold on one replica; more get 429. */
  SSE_STREAMS_PER_SUBJECT: z.coerce.number().int().min(1).max(100_000).default(5),
  /** Open streams one embed key may hold on one replica (an intranet page shows it to many people). */
  SSE_STREAMS_PER_EMBED_KEY: z.coerce.number().int().min(1).max(100_000).default(1000),
});
export type LeaderboardConfig = z.infer<typeof LeaderboardEnv>;
