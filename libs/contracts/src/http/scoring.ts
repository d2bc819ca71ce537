import { z } from 'zod';
import { EmployeeId, IsoDateTime, Network, TeamId, TenantId, Uuid } from '../common';
import { PointsAwarded } from '../events/points';

/**
 * One line of `GET /api/v1/ledger/export` (NDJSON, ledger order). The leaderboard service rebuilds
 * its boards from these lines, so both sides read this one schema.
 */
export const LedgerExportLine = PointsAwarded.extend({
  seq: z.number().int().positive(),
  recordedAt: IsoDateTime,
});
export type LedgerExportLine = z.infer<typeof LedgerExportLine>;

const RulePoints = z.number().int().min(0).max(10_000);
const Multiplier = z.number().min(0).max(10);
const CampaignId = z.string().min(1).max(128);

export const DEFAULT_LEVELS = [
  { name: 'Starter', minPoints: 0 },
  { name: 'Contributor', minPoints: 100 },
  { name: 'Advocate', minPoints: 250 },
  { name: 'Champion', minPoints: 500 },
  { name: 'Ambassador', minPoints: 1000 },
  { name: 'Legend', minPoints: 2500 },
];

export const ScoringLevel = z.strictObject({
  name: z.string().min(1).max(64),
  minPoints: z.number().int().min(0),
});

/**
 * A tenant's scoring rules. Every field has a default, so `{}` is the default rule set; a PUT stores
 * the whole document as the next version. The day of the daily cap is the tenant's local day
 * (`TenantSettings`, owned by the content service), not part of the rules.
 */
export const ScoringRules = z.strictObject({
  sharePoints: RulePoints.default(10),
  /** Per-network overrides of the share points; `note` is shown as the reason. */
  networks: z
    .partialRecord(
      Network,
      z.strictObject({ sharePoints: RulePoints, note: z.string().min(1).max(200).optional() }),
    )
    .default({ facebook: { sharePoints: 0, note: 'Facebook does not allow rewarding posts' } }),
  clickPoints: RulePoints.default(2),
  clickCapPerSharePerDay: RulePoints.default(50),
  engagementPoints: z
    .strictObject({
      like: RulePoints.default(1),
      comment: RulePoints.default(3),
      reshare: RulePoints.default(5),
      impression: RulePoints.default(0),
    })
    .prefault({}),
  proposalApprovedPoints: RulePoints.default(25),
  /**
   * Points for the inviter when an accepted invitee makes their first share (`invite.credited`), once
   * per invitee; 0 switches the credit off.
   */
  inviteCreditPoints: RulePoints.default(25),
  earlyBird: z
    .strictObject({
      multiplier: Multiplier.default(1.5),
      withinHours: z.number().int().min(0).max(720).default(24),
    })
    .prefault({}),
  campaignMultipliers: z.record(CampaignId, Multiplier).default({}),
  /**
   * One scoring share per employee, content and network within this many hours; a repeat inside the
   * window is recorded with 0 points and the reason `repeat_share`. 0 lets every share score.
   * (There are no role multipliers: a role is the advocate's own choice, and nobody may raise their
   * own points by editing their own profile.)
   */
  repeatShareWindowHours: z.number().int().min(0).max(8760).default(168),
  /** Points per employee per local day from shares, clicks and engagement; null means no cap. */
  dailyCap: z.number().int().min(0).max(1_000_000).nullable().default(200),
  levels: z
    .array(ScoringLevel)
    .min(1)
    .max(50)
    .refine(
      // zod runs this even after .min(1) failed: an empty list must not reach levels[0]
      (levels) =>
        levels[0]?.minPoints === 0 &&
        levels.every((l, i) => i === 0 || l.minPoints > levels[i - 1].minPoints),
      'must start at 0 points and ascend',
    )
    .default(DEFAULT_LEVELS),
});
export type ScoringRules = z.infer<typeof ScoringRules>;
export type ScoringRulesInput = z.input<typeof ScoringRules>;

export const ScoringRulesResponse = z.strictObject({
  version: z.number().int().min(0),
  effectiveFrom: IsoDateTime.nullable(),
  updatedBy: z.string().nullable(),
  rules: ScoringRules,
});
export type ScoringRulesResponse = z.infer<typeof ScoringRulesResponse>;

/** The history of a tenant's scoring rules, newest first (the 100 latest versions). */
export const ScoringRulesVersions = z.strictObject({
  // a copy of the shape: nesting the component itself left its own use unreferenced in the document
  items: z.array(ScoringRulesResponse.extend({})),
});
export type ScoringRulesVersions = z.infer<typeof ScoringRulesVersions>;

export const PointsHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PointsHistoryQuery = z.infer<typeof PointsHistoryQuery>;

export const PointsHistoryLine = z.strictObject({
  seq: z.number().int().positive(),
  entryId: Uuid,
  points: z.number().int(),
  reason: z.string(),
  explanation: z.string(),
  rule: z.string(),
  ruleVersion: z.number().int(),
  campaignId: z.string().nullable(),
  reverses: Uuid.nullable(),
  occurredAt: IsoDateTime,
  recordedAt: IsoDateTime,
});

export const PointsSummary = z.strictObject({
  employeeId: EmployeeId,
  total: z.number().int(),
  day: z.number().int(),
  week: z.number().int(),
  month: z.number().int(),
  timeZone: z.string(),
  level: z.strictObject({
    number: z.number().int().positive(),
    name: z.string(),
    minPoints: z.number().int(),
    nextAt: z.number().int().nullable(),
  }),
  history: z.strictObject({
    items: z.array(PointsHistoryLine),
    limit: z.number().int(),
    offset: z.number().int(),
    total: z.number().int(),
  }),
});
export type PointsSummary = z.infer<typeof PointsSummary>;

export const CreateAdjustmentBody = z.strictObject({
  employeeId: EmployeeId,
  points: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((points) => points !== 0, 'must not be 0'),
  reason: z.string().trim().min(3).max(400),
  teamId: TeamId.nullable().optional(),
  campaignId: CampaignId.nullable().optional(),
  /** Makes a retried request harmless: the same key never adds a second entry. */
  idempotencyKey: Uuid.optional(),
});
export type CreateAdjustmentBody = z.infer<typeof CreateAdjustmentBody>;

export const LedgerExportQuery = z.strictObject({
  since: z.coerce.number().int().min(0).default(0),
  /** Only with a service key (`Authorization: Service <key>`): whose ledger; a bearer token's is its own. */
  tenant: TenantId.optional(),
});
export type LedgerExportQuery = z.infer<typeof LedgerExportQuery>;
