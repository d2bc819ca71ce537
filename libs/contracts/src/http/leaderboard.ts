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

/**
 * How the `teams` board ranks: `sum` of points, `average` points per active advocate, or
 * `participation` = active advocates / members (see the README for "active" and "member").
 */
export const TEAM_METRICS = ['sum', 'average', 'participation'] as const;
export const TeamMetric = z.enum(TEAM_METRICS);
export type TeamMetric = z.infer<typeof TeamMetric>;

export const BoardQuery = z.strictObject({
  period: Period.default('all'),
  metric: TeamMetric.default('sum'),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  at: z.iso.date().optional(),
});
export type BoardQuery = z.infer<typeof BoardQuery>;

export const RankQuery = z.strictObject({
  period: Period.default('all'),
  at: z.iso.date().optional(),
});
export type RankQuery = z.infer<typeof RankQuery>;

export const AroundQuery = RankQuery.extend({
  radius: z.coerce.number().int().min(0).max(50).default(2),
});
export type AroundQuery = z.infer<typeof AroundQuery>;

/** EventSource cannot send headers, so the stream and the widget also accept the JWT as `token`. */
export const StreamQuery = RankQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  metric: TeamMetric.default('sum'),
  token: z.string().min(10).max(4096).optional(),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

export const WidgetQuery = z.strictObject({
  scope: BoardScope.default('global'),
  period: Period.default('week'),
  metric: TeamMetric.default('sum'),
  token: z.string().min(10).max(4096),
});
export type WidgetQuery = z.infer<typeof WidgetQuery>;

export const BoardSettings = z.strictObject({
  timeZone: z.string().min(1).max(64),
});
export type BoardSettings = z.infer<typeof BoardSettings>;

const LeaderboardEntry = z.strictObject({
  rank: z.number().int(),
  employeeId: z.string().optional(),
  displayName: z.string().nullable().optional(),
  teamId: z.string().nullable(),
  points: z.number(),
  /** On advocate rows: an active HERO (projected from `hero.qualified` / `hero.lapsed`). */
  hero: z.boolean().optional(),
  /** On `teams` rows: the value ranked by (metric), active advocates and members in the period. */
  value: z.number().optional(),
  active: z.number().int().optional(),
  members: z.number().int().optional(),
});
export const BoardResponse = z.strictObject({
  scope: z.string(),
  period: Period,
  /** Present on the `teams` scope. */
  metric: TeamMetric.optional(),
  bucket: z.string(),
  total: z.number().int(),
  entries: z.array(LeaderboardEntry),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;
export type BoardResponse = z.infer<typeof BoardResponse>;

export const RankResponse = z.strictObject({
  scope: z.string(),
  period: Period,
  bucket: z.string(),
  id: z.string(),
  rank: z.number().int(),
  points: z.number(),
  /** Points needed to reach the next rank up; null for rank 1. */
  gapToNext: z.number().nullable(),
  total: z.number().int(),
});
export type RankResponse = z.infer<typeof RankResponse>;

export const AroundResponse = BoardResponse.extend({ rank: z.number().int() });
export type AroundResponse = z.infer<typeof AroundResponse>;

export const BADGE_METRICS = ['shares', 'points', 'humanClicks'] as const;
const BadgeLevelValue = z.enum(['bronze', 'silver', 'gold']).nullable();
const BadgeIdValue = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/);

export const BadgeRules = z.strictObject({
  thresholds: z
    .array(
      z.strictObject({
        badgeId: BadgeIdValue,
        name: z.string().min(1).max(80),
        metric: z.enum(BADGE_METRICS),
        steps: z
          .array(z.strictObject({ atLeast: z.number().int().min(1), level: BadgeLevelValue }))
          .min(1)
          .max(5),
      }),
    )
    .max(50),
  streaks: z
    .array(
      z.strictObject({
        badgeId: BadgeIdValue,
        name: z.string().min(1).max(80),
        steps: z
          .array(z.strictObject({ weeks: z.number().int().min(2).max(260), level: BadgeLevelValue }))
          .min(1)
          .max(5),
      }),
    )
    .max(10),
  heroOfTheWeek: z.strictObject({ enabled: z.boolean(), top: z.number().int().min(1).max(100) }),
  teamChampion: z.strictObject({ enabled: z.boolean(), top: z.number().int().min(1).max(10) }),
  // HERO criteria moved to the coaching service's settings (`heroRule`): one home for HERO status.
});
export type BadgeRules = z.infer<typeof BadgeRules>;
