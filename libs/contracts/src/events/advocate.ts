import { z } from 'zod';
import { EmployeeId, IsoDateTime, Network, TeamId } from '../common';

/**
 * The whole profile after any change. Display name, team, language, manager, followers and the active
 * state come from the company's directory (SCIM or an admin); role and topics are the employee's own.
 */
export const AdvocateProfileUpdated = z.object({
  employeeId: EmployeeId,
  displayName: z.string().min(1).max(120),
  teamId: TeamId.nullable(),
  role: z.string().min(1).max(64).nullable(),
  topics: z.array(z.string().min(1).max(64)).max(50),
  language: z.string().min(2).max(12),
  /** Where the notification service sends e-mail; the directory (SCIM) or the profile supplies it. */
  email: z.email().max(254).optional(),
  followers: z.partialRecord(Network, z.number().int().min(0)).default({}),
  /** the employee's manager in the directory, when it says */
  managerId: EmployeeId.nullable().default(null),
  /** false once the directory deactivated the employee (an `advocate.deactivated` went out then) */
  active: z.boolean().default(true),
});

/**
 * The directory deactivated an employee: they can no longer sign in or score, and leave the boards.
 * Their ledger stays. A later `advocate.profile-updated` with `active: true` brings them back.
 */
export const AdvocateDeactivated = z.object({
  employeeId: EmployeeId,
  deactivatedAt: z.iso.datetime({ offset: true }),
  /** where it came from: `scim` (the provisioning client) or `admin` */
  source: z.enum(['scim', 'admin']),
});

/**
 * The directory's coaches group (SCIM) gained or lost this member: coaching makes them a coach (with
 * defaults an admin refines) or takes them off the candidates. Keyed by the employee, after their
 * profile, so coaching knows their name and language.
 */
export const AdvocateCoachDesignated = z.object({
  employeeId: EmployeeId,
  coach: z.boolean(),
  source: z.enum(['scim', 'admin']),
});

/** A role's share goal: `weeklyShareGoal` shares every `goalPeriodWeeks` weeks (0: no goal). */
export const RoleGoal = z.object({
  roleId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" and "-" only'),
  weeklyShareGoal: z.number().int().min(0).max(100),
  goalPeriodWeeks: z.number().int().min(1).max(4).default(1),
});
export type RoleGoal = z.infer<typeof RoleGoal>;

/**
 * An admin replaced the tenant's roles (content, `PUT /api/v1/roles`): every role's goal, for the
 * services that judge activity against it (coaching's nudges). Key `tenantId:roles`; consumers keep
 * the newest `updatedAt` per tenant. A tenant that never saved roles has `DEFAULT_ADVOCATE_ROLES`.
 */
export const AdvocateRolesUpdated = z.object({
  roles: z.array(RoleGoal).min(1).max(20),
  updatedAt: IsoDateTime,
});
