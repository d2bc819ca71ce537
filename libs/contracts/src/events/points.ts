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

/**
 * An employee's all-time total crossed into a higher level of the tenant's scoring rules (emitted by
 * scoring with the batch that crossed it; a jump over several levels names the highest one).
 */
export const LevelReached = z.object({
  employeeId: EmployeeId,
  level: z.number().int().min(1),
  name: z.string().min(1).max(64),
  minPoints: z.number().int().min(0),
  total: z.number().int(),
  /** The ledger entry whose points crossed the threshold. */
  entryId: Uuid,
});
