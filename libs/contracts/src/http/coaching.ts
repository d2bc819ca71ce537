// Request and response bodies of the coaching service's HTTP API, shared by the service and its tests.
import { z } from 'zod';
import { EmployeeId, IsoDateTime, TeamId, Uuid } from '../common';
import { AssignmentKind } from '../events/coaching';

export const ASSIGNMENT_STATES = [
  'unassigned',
  'proposed',
  'accepted',
  'declined',
  'expired',
  'completed',
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
});
export type CoachingSettings = z.infer<typeof CoachingSettings>;
export const DEFAULT_COACHING_SETTINGS: CoachingSettings = {
  inactivityDays: 14,
  escalationDays: 7,
  proposalTtlHours: 48,
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
  since: IsoDateTime,
  lapsedAt: IsoDateTime.nullable(),
  coachId: EmployeeId.nullable(),
  assignmentState: AssignmentState.nullable(),
});
export const HeroList = z.strictObject({ heroes: z.array(HeroView) });

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
