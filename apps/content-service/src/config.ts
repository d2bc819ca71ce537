import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'content-service';
export const SCHEMA = 'content';

export const ContentEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
});
export type ContentConfig = z.infer<typeof ContentEnv>;
