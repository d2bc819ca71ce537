import { z } from 'zod';
import { EngagementKind, IsoDateTime, Network, Uuid } from '../common';

// Request and response bodies of the share-tracking service's HTTP API.

export const CreateShareBody = z.strictObject({
  contentId: Uuid,
  network: Network,
  text: z.string().max(70000).default(''),
});
export type CreateShareBody = z.infer<typeof CreateShareBody>;

/** The `Idempotency-Key` header of `POST /api/v1/shares`. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const GuidelineFindingBody = z.strictObject({
  rule: z.string(),
  severity: z.enum(['warning', 'blocked']),
  message: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export const ShareCreatedBody = z.strictObject({
  shareId: Uuid,
  linkCode: z.string(),
  trackedUrl: z.string(),
  /** null for networks without a web share dialog (Instagram). */
  intentUrl: z.string().nullable(),
  verdict: z.enum(['safe', 'warning']),
  findings: z.array(GuidelineFindingBody),
});
export type ShareCreatedBody = z.infer<typeof ShareCreatedBody>;

export const ShareWithdrawnBody = z.strictObject({
  shareId: Uuid,
  status: z.literal('withdrawn'),
  withdrawnAt: IsoDateTime,
});
export type ShareWithdrawnBody = z.infer<typeof ShareWithdrawnBody>;

export const RecordEngagementBody = z.strictObject({
  shareId: Uuid,
  kind: EngagementKind,
  /** Cumulative count as observed on the network, not a delta. */
  count: z.number().int().min(0).max(1_000_000_000),
  observedAt: IsoDateTime,
  externalId: z.string().min(1).max(200).optional(),
});
export type RecordEngagementBody = z.infer<typeof RecordEngagementBody>;

export const EngagementRecordedBody = z.strictObject({
  observationId: Uuid,
  shareId: Uuid,
  kind: EngagementKind,
  count: z.number().int(),
  delta: z.number().int(),
  /** true when this observation had been recorded before: nothing changed. */
  duplicate: z.boolean(),
});
export type EngagementRecordedBody = z.infer<typeof EngagementRecordedBody>;

export const ANALYTICS_GROUPS = ['employee', 'team', 'content', 'campaign', 'network', 'day'] as const;
export const AnalyticsGroupBy = z.enum(ANALYTICS_GROUPS);
export type AnalyticsGroupBy = z.infer<typeof AnalyticsGroupBy>;

export const AnalyticsQuery = z
  .strictObject({
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    groupBy: AnalyticsGroupBy.optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['from'],
    message: 'must be before to',
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

const perNetwork = z.partialRecord(Network, z.number().min(0).max(1_000_000));

/** Earned media value settings: cost per 1000 impressions and per click, by network. */
export const EmvSettings = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code'),
  cpm: perNetwork,
  cpc: perNetwork,
  reactionsMultiplier: z.number().min(0).max(100),
});
export type EmvSettings = z.infer<typeof EmvSettings>;

export const BaselineFigures = z.strictObject({
  shares: z.number().min(0).optional(),
  clicks: z.number().min(0).optional(),
  uniqueClicks: z.number().min(0).optional(),
  reactions: z.number().min(0).optional(),
  impressions: z.number().min(0).optional(),
  potentialReach: z.number().min(0).optional(),
  participationRate: z.number().min(0).max(1).optional(),
  emv: z.number().min(0).optional(),
});
export type BaselineFigures = z.infer<typeof BaselineFigures>;

/** Freeze the figures of a period, or record figures measured before the programme by hand. */
export const CreateBaselineBody = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('frozen'),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    note: z.string().max(2000).optional(),
  }),
  z.strictObject({
    source: z.literal('manual'),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    figures: BaselineFigures,
    note: z.string().max(2000).optional(),
  }),
]);
export type CreateBaselineBody = z.infer<typeof CreateBaselineBody>;

export const BaselineProgressQuery = z.strictObject({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type BaselineProgressQuery = z.infer<typeof BaselineProgressQuery>;
