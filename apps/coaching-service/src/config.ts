import { BaseEnv, consumerLinger } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'coaching-service';
export const SCHEMA = 'coaching';

export const CoachingEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  /** Off the board's path: larger, fewer batches under load (HERO status and invitations follow activity within a tenth of a second). */
  KAFKA_CONSUMER_LINGER_MS: consumerLinger(100),
  /** How often the inactivity scan and proposal expiry run; 0 turns the timer off (tests call them). */
  COACHING_JOBS_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
});
export type CoachingConfig = z.infer<typeof CoachingEnv>;
