import { z } from 'zod';

export const PERIODS = ['day', 'week', 'month', 'all'] as const;
export const Period = z.enum(PERIODS);
export type Period = z.infer<typeof Period>;

/** `global`, `teams`, `team:<teamId>` or `campaign:<campaignId>`. */
export const BoardScope = z
  .string()
  .regex(
    /^(global|teams|team:[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}|campaign:[A-Za-z0-9][A-Za-z0-9_.@-]{0,127})$/,
    {
      message: 'must be global, teams, team:<teamId> or campaign:<campaignId>',
    },
  );

export const BoardQuery = z.object({
  period: Period.default('all'),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  at: z.iso.date().optional(),
});
export type BoardQuery = z.infer<typeof BoardQuery>;
