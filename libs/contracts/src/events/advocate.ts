import { z } from 'zod';
import { EmployeeId, Network, TeamId } from '../common';

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
