import { z } from 'zod';
import { EmployeeId, Network, TeamId } from '../common';

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
});
