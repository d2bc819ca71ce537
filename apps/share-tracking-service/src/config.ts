import { BaseEnv } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'share-tracking-service';
export const SCHEMA = 'tracking';

export const ShareTrackingEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
});
export type ShareTrackingConfig = z.infer<typeof ShareTrackingEnv>;
