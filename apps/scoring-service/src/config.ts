import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'scoring-service';
export const SCHEMA = 'scoring';

export const ScoringEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
});
export type ScoringConfig = z.infer<typeof ScoringEnv>;
