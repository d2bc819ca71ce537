import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'coaching-service';
export const SCHEMA = 'coaching';

export const CoachingEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3005),
});
export type CoachingConfig = z.infer<typeof CoachingEnv>;
