import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'scoring-service';
export const SCHEMA = 'scoring';

export const ScoringEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /**
   * The keys with which another service (the leaderboard's rebuild and reconcile jobs) reads a
   * tenant's ledger export without a user: `Authorization: Service <key>` and `?tenant=`. Comma-
   * separated, so a rotation can accept the old and the new key for a while; unset: no service reads.
   */
  LEDGER_EXPORT_KEYS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    )
    .pipe(z.array(z.string().min(32, 'each key must be at least 32 characters')).max(4))
    .optional(),
});
export type ScoringConfig = z.infer<typeof ScoringEnv>;
