import { z } from 'zod';
import { IsoDateTime } from '../common';

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

/**
 * The stream's credential travels in the Authorization header only (a bearer token or an embed key):
 * a token in the query would land in access logs, proxies and `Referer`, so `token` is an unknown key.
 */
export const StreamQuery = RankQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  metric: TeamMetric.default('sum'),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

/** The widget's board and period come from its embed key; `period` picks one of the key's periods. */
export const WidgetQuery = z.strictObject({
  period: Period.optional(),
  metric: TeamMetric.default('sum'),
});
export type WidgetQuery = z.infer<typeof WidgetQuery>;

/** The public half of an embed key: it may appear in a widget's URL; it opens nothing on its own. */
export const EmbedKeyId = z
  .string()
  .regex(/^ek_[A-Za-z0-9_-]{16}$/, { message: 'must be an embed key id (ek_…)' });

/** Exactly an origin (scheme, host, optional port): it goes into the widget's CSP `frame-ancestors`. */
export const EmbedOrigin = z
  .string()
  .max(300)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
      } catch {
        return false;
      }
    },
    { message: 'must be an origin like https://intranet.example.com (lower case, no path, no trailing /)' },
  );

export const EmbedKeyCreate = z.strictObject({
  /** What the key is for, shown in the list ("Lobby screen"). */
  name: z.string().trim().min(1).max(80),
  scope: BoardScope,
  periods: z
    .array(Period)
    .min(1)
    .max(PERIODS.length)
    .refine((periods) => new Set(periods).size === periods.length, { message: 'must not repeat a period' }),
  /** Sites allowed to frame the widget; none: only the platform's own origin. */
  allowedOrigins: z.array(EmbedOrigin).max(20).default([]),
});
export type EmbedKeyCreate = z.infer<typeof EmbedKeyCreate>;

export const EmbedKey = z.strictObject({
  keyId: EmbedKeyId,
  name: z.string(),
  scope: z.string(),
  periods: z.array(Period),
  allowedOrigins: z.array(z.string()),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
});
export type EmbedKey = z.infer<typeof EmbedKey>;

/** The answer of minting: the only time the secret is shown. */
export const EmbedKeyMinted = EmbedKey.extend({
  /** `<keyId>.<secret>`: the widget sends it as `Authorization: EmbedKey <key>`. */
  key: z.string(),
  /** Where to point an iframe: the secret rides in the fragment, which browsers never send. */
  embedPath: z.string(),
});
export type EmbedKeyMinted = z.infer<typeof EmbedKeyMinted>;

export const EmbedKeyList = z.strictObject({ items: z.array(EmbedKey) });
export type EmbedKeyList = z.infer<typeof EmbedKeyList>;

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
  /**
   * The rank counted the way people read a tie ("1, 2, 2, 4"): one more than the members with more
   * points. `rank` is the board's order, which breaks ties by who reached the points first.
   */
  sharedRank: z.number().int(),
  /** How many others have exactly these points. */
  tiedWith: z.number().int(),
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

/** The history of a tenant's badge rules, newest first (the 100 latest versions). */
export const BadgeRulesVersions = z.strictObject({
  items: z.array(
    z.strictObject({
      version: z.number().int().positive(),
      savedAt: IsoDateTime,
      savedBy: z.string(),
      rules: BadgeRules,
    }),
  ),
});
export type BadgeRulesVersions = z.infer<typeof BadgeRulesVersions>;
