import { z } from 'zod';
import { EmployeeId, IsoDateTime, TeamId, Uuid } from '../common';

export const PointsAwarded = z.object({
  entryId: Uuid,
  employeeId: EmployeeId,
  teamId: TeamId.nullable(),
  campaignId: z.string().min(1).max(128).nullable().optional(),
  points: z.number().int(),
  reason: z.string().min(1).max(64),
  explanation: z.string().max(500).optional(),
  sourceEventId: Uuid,
  ruleVersion: z.number().int().min(0).optional(),
  reverses: Uuid.nullable().optional(),
  occurredAt: IsoDateTime,
});
