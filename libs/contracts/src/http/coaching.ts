// Request and response bodies of the coaching service's HTTP API, shared by the service and its tests.
import { z } from 'zod';
import { EmployeeId, IsoDateTime, TeamId, Uuid } from '../common';
import { HeroBasis, HeroNumbers } from '../events/badge';
import { AssignmentKind, ChallengeMetric, UnmatchedReason } from '../events/coaching';

export const ASSIGNMENT_STATES = [
  'unassigned',
  'proposed',
  'accepted',
  'declined',
  'expired',
  'completed',
  /** Ended without an outcome: the directory deactivated the advocate (or their coach, who is replaced). */
  'cancelled',
] as const;
export const AssignmentState = z.enum(ASSIGNMENT_STATES);
export type AssignmentState = z.infer<typeof AssignmentState>;

const Language = z
  .string()
  .min(2)
  .max(12)
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'a language tag such as "en" or "de-DE"');
const Topic = z.string().min(1).max(64);

const CoachFields = z.strictObject({
  displayName: z.string().min(1).max(120),
  languages: z.array(Language).min(1).max(20),
  teams: z.array(TeamId).max(50),
  topics: z.array(Topic).max(50),
  capacity: z.number().int().min(0).max(100),
  available: z.boolean(),
});

export const CreateCoachBody = CoachFields.extend({
  employeeId: EmployeeId,
  teams: CoachFields.shape.teams.default([]),
  topics: CoachFields.shape.topics.default([]),
  available: CoachFields.shape.available.default(true),
});
export type CreateCoachBody = z.infer<typeof CreateCoachBody>;

/** PUT: the whole profile (defaults as on create). */
export const ReplaceCoachBody = CreateCoachBody.omit({ employeeId: true });
export type ReplaceCoachBody = z.infer<typeof ReplaceCoachBody>;

/** PATCH: only the fields sent change. */
export const UpdateCoachBody = CoachFields.partial().refine(
  (body) => Object.keys(body).length > 0,
  'at least one field',
);
export type UpdateCoachBody = z.infer<typeof UpdateCoachBody>;

export const CoachView = z.strictObject({
  employeeId: EmployeeId,
  displayName: z.string(),
  languages: z.array(z.string()),
  teams: z.array(z.string()),
  topics: z.array(z.string()),
  capacity: z.number().int(),
  available: z.boolean(),
  /** Proposed plus accepted assignments. */
  load: z.number().int(),
});
export type CoachView = z.infer<typeof CoachView>;

export const CoachList = z.strictObject({ coaches: z.array(CoachView) });

export const TransitionView = z.strictObject({
  from: AssignmentState.nullable(),
  to: AssignmentState,
  coachId: EmployeeId.nullable(),
  actor: z.string(),
  note: z.string().nullable(),
  at: IsoDateTime,
});

export const AssignmentView = z.strictObject({
  id: Uuid,
  employeeId: EmployeeId,
  coachId: EmployeeId.nullable(),
  kind: AssignmentKind,
  state: AssignmentState,
  createdAt: IsoDateTime,
  proposedAt: IsoDateTime.nullable(),
  updatedAt: IsoDateTime,
  /** Present on `GET /api/v1/assignments/:id`. */
  transitions: z.array(TransitionView).optional(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const AssignmentList = z.strictObject({ assignments: z.array(AssignmentView) });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const AssignmentQuery = z.strictObject({
  mine: booleanQuery.optional(),
  state: AssignmentState.optional(),
  kind: AssignmentKind.optional(),
  coachId: EmployeeId.optional(),
  employeeId: EmployeeId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AssignmentQuery = z.infer<typeof AssignmentQuery>;

export const CreateAssignmentBody = z.strictObject({
  employeeId: EmployeeId,
  kind: AssignmentKind.default('manual'),
  /** Propose this coach; they must still fit (available, free capacity, language, no decline). */
  coachId: EmployeeId.optional(),
  note: z.string().max(2000).optional(),
});
export type CreateAssignmentBody = z.infer<typeof CreateAssignmentBody>;

export const TransitionBody = z.strictObject({ note: z.string().max(2000).optional() });
export type TransitionBody = z.infer<typeof TransitionBody>;

export const SendTipBody = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  /** A subset of the coach's active mentees; all of them when omitted. */
  employeeIds: z.array(EmployeeId).min(1).max(1000).optional(),
});
export type SendTipBody = z.infer<typeof SendTipBody>;

export const TipSent = z.strictObject({ tipId: Uuid, employeeIds: z.array(EmployeeId) });

/**
 * The tenant's automatic HERO rule over a rolling window of UTC days ending today. An advocate
 * qualifies when ANY enabled criterion holds (null or 0 switches one off); a rule HERO who stops
 * meeting it keeps the status for `graceDays`, then lapses. Nominated HEROs never lapse by rule.
 */
export const HeroRule = z.strictObject({
  enabled: z.boolean().default(true),
  windowDays: z.number().int().min(1).max(365).default(30),
  minPoints: z.number().int().min(1).nullable().default(150),
  minShares: z.number().int().min(1).nullable().default(8),
  /** The best N of each team over the window (points > 0), ties by more shares, then employee id. */
  topPerTeam: z.number().int().min(0).max(100).default(0),
  graceDays: z.number().int().min(0).max(365).default(7),
});
export type HeroRule = z.infer<typeof HeroRule>;
export const DEFAULT_HERO_RULE: HeroRule = HeroRule.parse({});

export const CoachingSettings = z.strictObject({
  /** Days without a share before an advocate is nudged. */
  inactivityDays: z.number().int().min(1).max(365),
  /** Days after the nudge, still without a share, before a re-activation assignment. */
  escalationDays: z.number().int().min(1).max(365),
  /** Hours a proposal waits for the coach before it expires. */
  proposalTtlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** Hours an advocate may wait for a coach before admins get `coaching.unassigned-alert`. */
  unassignedAlertHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  heroRule: HeroRule,
});
export type CoachingSettings = z.infer<typeof CoachingSettings>;
export const DEFAULT_COACHING_SETTINGS: CoachingSettings = {
  inactivityDays: 14,
  escalationDays: 7,
  proposalTtlHours: 48,
  unassignedAlertHours: 24,
  heroRule: DEFAULT_HERO_RULE,
};
export const UpdateCoachingSettingsBody = CoachingSettings.partial().refine(
  (body) => Object.keys(body).length > 0,
  'at least one field',
);
export type UpdateCoachingSettingsBody = z.infer<typeof UpdateCoachingSettingsBody>;

export const HeroView = z.strictObject({
  employeeId: EmployeeId,
  displayName: z.string().nullable(),
  status: z.enum(['active', 'lapsed']),
  basis: HeroBasis,
  reason: z.string(),
  since: IsoDateTime,
  lapsedAt: IsoDateTime.nullable(),
  /** A rule HERO below the rule keeps the status until then; null while the rule holds. */
  graceUntil: IsoDateTime.nullable(),
  /** Admins and coaches only; null for employees. */
  coachId: EmployeeId.nullable(),
  assignmentState: AssignmentState.nullable(),
});
export type HeroView = z.infer<typeof HeroView>;
export const HeroList = z.strictObject({ heroes: z.array(HeroView) });

export const NominateHeroBody = z.strictObject({
  employeeId: EmployeeId,
  note: z.string().trim().min(1).max(500).optional(),
});
export type NominateHeroBody = z.infer<typeof NominateHeroBody>;

export const HeroProgress = HeroNumbers.extend({
  minPoints: z.number().int().nullable(),
  minShares: z.number().int().nullable(),
  topPerTeam: z.number().int(),
  meetsRule: z.boolean(),
  /** In words: what is still missing, or which criterion holds. */
  explanation: z.string(),
});
export const MyHero = z.strictObject({
  employeeId: EmployeeId,
  status: z.enum(['active', 'lapsed', 'none']),
  basis: HeroBasis.nullable(),
  since: IsoDateTime.nullable(),
  graceUntil: IsoDateTime.nullable(),
  progress: HeroProgress,
  coach: z
    .object({
      employeeId: EmployeeId,
      displayName: z.string().nullable(),
      assignmentId: Uuid,
      state: AssignmentState,
    })
    .nullable(),
});
export type MyHero = z.infer<typeof MyHero>;

export const UnassignedView = z.strictObject({
  assignmentId: Uuid,
  employeeId: EmployeeId,
  displayName: z.string().nullable(),
  kind: AssignmentKind,
  language: z.string().nullable(),
  waitingSince: IsoDateTime,
  waitingHours: z.number().int(),
  reason: UnmatchedReason,
  /** When `coaching.unassigned-alert` went out; null while still within the tenant's hours. */
  alertedAt: IsoDateTime.nullable(),
});
export type UnassignedView = z.infer<typeof UnassignedView>;
export const UnassignedList = z.strictObject({ unassigned: z.array(UnassignedView) });

export const MyCoach = z.strictObject({
  coach: z
    .strictObject({ employeeId: EmployeeId, displayName: z.string(), assignmentId: Uuid, since: IsoDateTime })
    .nullable(),
});

export const MenteeView = z.strictObject({
  assignmentId: Uuid,
  employeeId: EmployeeId,
  displayName: z.string().nullable(),
  kind: AssignmentKind,
  lastShareAt: IsoDateTime.nullable(),
  /** Points per ISO week, oldest first, the current week last. */
  pointsTrend: z.array(z.strictObject({ week: z.string(), points: z.number().int() })),
});
export const MenteeList = z.strictObject({ mentees: z.array(MenteeView) });

export const ChallengeAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('everyone') }),
  z.strictObject({ kind: z.literal('team'), teamId: TeamId }),
  z.strictObject({ kind: z.literal('role'), role: z.string().min(1).max(64) }),
]);
export type ChallengeAudience = z.infer<typeof ChallengeAudience>;

/** A time-boxed goal: "share 3 launch posts this week", "first 10 unique clicks". */
export const CreateChallengeBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    goal: z.strictObject({ metric: ChallengeMetric, target: z.number().int().min(1).max(1_000_000) }),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    audience: ChallengeAudience.default({ kind: 'everyone' }),
    /** Count only shares, clicks or points of this campaign. */
    campaignId: z.string().min(1).max(128).optional(),
    prize: z.string().trim().min(1).max(200).optional(),
    /** How many of those who reached the target win when the challenge closes (best first). */
    winnerCount: z.number().int().min(1).max(100).default(3),
  })
  .refine((body) => Date.parse(body.endsAt) > Date.parse(body.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export type CreateChallengeBody = z.infer<typeof CreateChallengeBody>;

export const ChallengeView = z.strictObject({
  id: Uuid,
  title: z.string(),
  goal: z.strictObject({ metric: ChallengeMetric, target: z.number().int() }),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  audience: ChallengeAudience,
  campaignId: z.string().nullable(),
  prize: z.string().nullable(),
  completed: z.number().int(),
  winnerCount: z.number().int(),
  /** When the challenge was closed and its winners fixed; null while it runs. */
  closedAt: IsoDateTime.nullable(),
  /** The caller's own progress. */
  me: z.strictObject({ progress: z.number().int(), completedAt: IsoDateTime.nullable() }),
});
export type ChallengeView = z.infer<typeof ChallengeView>;
export const ChallengeList = z.strictObject({ challenges: z.array(ChallengeView) });

export const ChallengeStanding = z.strictObject({
  rank: z.number().int(),
  employeeId: EmployeeId,
  displayName: z.string().nullable(),
  progress: z.number().int(),
  completedAt: IsoDateTime.nullable(),
});
export const ChallengeProgress = z.strictObject({
  challengeId: Uuid,
  /** Best first: more progress, then who completed (or reached it) first, then employee id. */
  standings: z.array(ChallengeStanding),
});

/**
 * `POST /api/v1/invitations`: invite a colleague by their advocate id (the directory's employee id,
 * the same as their sign-in `sub`). One invitation per invitee and tenant.
 */
export const CreateInvitationBody = z.strictObject({ inviteeId: EmployeeId });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

/** An unguessable invite code: 32 URL-safe characters (24 random bytes). */
export const InviteCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32}$/, 'must be an invite code of 32 URL-safe characters');

export const InvitationView = z.strictObject({
  code: InviteCode,
  /** The personal link of the web app that opens and accepts the invitation. */
  link: z.string(),
  inviterId: EmployeeId,
  inviteeId: EmployeeId,
  invitedAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

/** One row of `GET /api/v1/programme/invitations` (admin): an invitation and how far it got. */
export const ProgrammeInvitation = z.strictObject({
  inviterId: EmployeeId,
  inviteeId: EmployeeId,
  invitedAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  firstShareAt: IsoDateTime.nullable(),
  /**
   * Shared in week 4 after accepting (UTC days 21–27 after the day of acceptance); null until that
   * week is over without a share, or when the invitation is not accepted.
   */
  activeInWeek4: z.boolean().nullable(),
  /** The inviter's invite credit is in the scoring ledger. */
  credited: z.boolean(),
});
export type ProgrammeInvitation = z.infer<typeof ProgrammeInvitation>;
export const ProgrammeInvitations = z.strictObject({ items: z.array(ProgrammeInvitation) });
export type ProgrammeInvitations = z.infer<typeof ProgrammeInvitations>;

export const ProgrammeInvitationsQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
});
export type ProgrammeInvitationsQuery = z.infer<typeof ProgrammeInvitationsQuery>;

/** The first-share funnel of invitations: invited → accepted → first share → active in week 4. */
export const ProgrammeFunnel = z.strictObject({
  invited: z.number().int().min(0),
  accepted: z.number().int().min(0),
  firstShare: z.number().int().min(0),
  activeInWeek4: z.number().int().min(0),
});
export type ProgrammeFunnel = z.infer<typeof ProgrammeFunnel>;
export const ChallengeWinnerView = z.strictObject({
  rank: z.number().int(),
  employeeId: EmployeeId,
  displayName: z.string().nullable(),
  progress: z.number().int(),
  reachedAt: IsoDateTime,
});
/** The winners fixed when the challenge closed; `closedAt: null` and no winners while it runs. */
export const ChallengeWinners = z.strictObject({
  challengeId: Uuid,
  campaignId: z.string().nullable(),
  prize: z.string().nullable(),
  closedAt: IsoDateTime.nullable(),
  winners: z.array(ChallengeWinnerView),
});
export type ChallengeWinners = z.infer<typeof ChallengeWinners>;

/** `GET /api/v1/programme/spread`: the last `weeks` tenant weeks, JSON or CSV. */
export const SpreadQuery = z.strictObject({
  weeks: z.coerce.number().int().min(1).max(52).default(8),
  format: z.enum(['json', 'csv']).default('json'),
});
export type SpreadQuery = z.infer<typeof SpreadQuery>;

export const SpreadCell = z.strictObject({
  week: z.string(),
  members: z.number().int(),
  active: z.number().int(),
  /** active / members, 4 decimals; null with no members. */
  participation: z.number().nullable(),
  /** participation − the baseline's participation rate; null without either. */
  vsBaseline: z.number().nullable(),
});
export type SpreadCell = z.infer<typeof SpreadCell>;
export const SpreadView = z.strictObject({
  timeZone: z.string(),
  weekStart: z.enum(['monday', 'sunday']),
  weeks: z.array(z.string()),
  baseline: z
    .strictObject({
      baselineId: Uuid,
      participationRate: z.number().nullable(),
      from: IsoDateTime.nullable(),
      to: IsoDateTime.nullable(),
      recordedAt: IsoDateTime,
    })
    .nullable(),
  teams: z.array(z.strictObject({ teamId: TeamId, heroTeam: z.boolean(), weeks: z.array(SpreadCell) })),
  /** Teams with at least one active HERO against the teams without one, week by week. */
  heroTeams: z.array(SpreadCell),
  otherTeams: z.array(SpreadCell),
});
export type SpreadView = z.infer<typeof SpreadView>;
