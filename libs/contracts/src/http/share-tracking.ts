import { z } from 'zod';
import { Network, Uuid } from '../common';

export const CreateShareBody = z.object({
  contentId: Uuid,
  network: Network,
  text: z.string().max(70000).default(''),
});
export type CreateShareBody = z.infer<typeof CreateShareBody>;
