import { z } from 'zod';
import { EmployeeId, IsoDateTime, Network, TeamId, Uuid } from '../common';

export const ShareRecorded = z.object({
  shareId: Uuid,
  employeeId: EmployeeId,
  teamId: TeamId.nullable(),
  contentId: Uuid,
  campaignId: z.string().min(1).max(128).nullable().optional(),
  network: Network,
  linkCode: z.string().min(8).max(32),
  verdict: z.enum(['safe', 'warning']).default('safe'),
  /** Copied from the content projection so scoring explains and times its points without a join. */
  contentTitle: z.string().max(200).optional(),
  contentPublishedAt: IsoDateTime.optional(),
});
export const ShareWithdrawn = z.object({
  shareId: Uuid,
  employeeId: EmployeeId,
  withdrawnBy: EmployeeId,
});

/**
 * An admin recorded the tenant's baseline (0-measurement): the latest one is what programme figures
 * are compared with. `participationRate` is absent when the baseline has no such figure.
 */
export const BaselineRecorded = z.object({
  baselineId: Uuid,
  source: z.enum(['frozen', 'manual']),
  from: IsoDateTime.nullable(),
  to: IsoDateTime.nullable(),
  participationRate: z.number().min(0).max(1).nullable(),
  recordedAt: IsoDateTime,
});
