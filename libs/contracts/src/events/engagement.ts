import { z } from 'zod';
import { EmployeeId, EngagementKind, IsoDateTime, Network, TeamId, Uuid } from '../common';

export const EngagementRecorded = z.object({
  shareId: Uuid,
  employeeId: EmployeeId,
  teamId: TeamId.nullable().optional(),
  contentId: Uuid.optional(),
  campaignId: z.string().min(1).max(128).nullable().optional(),
  network: Network.optional(),
  kind: EngagementKind,
  /** The positive delta since the previous observation, not the cumulative count. */
  count: z.number().int().positive(),
  observedAt: IsoDateTime,
});
