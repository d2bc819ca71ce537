import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'leaderboard-service';
export const SCHEMA = 'leaderboard';

export const LeaderboardEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
});
export type LeaderboardConfig = z.infer<typeof LeaderboardEnv>;
