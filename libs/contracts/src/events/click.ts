import { z } from 'zod';
import { EmployeeId, Network, TeamId, Uuid } from '../common';

export const LinkClicked = z.object({
  clickId: Uuid,
  shareId: Uuid,
  employeeId: EmployeeId,
  teamId: TeamId.nullable().optional(),
  contentId: Uuid,
  campaignId: z.string().min(1).max(128).nullable().optional(),
  network: Network,
  unique: z.boolean(),
  human: z.boolean().default(true),
  /** The sharer clicked their own link (the request carried their token): never unique. */
  own: z.boolean().optional(),
  /** Above the per-visitor burst cap: recorded, never unique. */
  capped: z.boolean().optional(),
});
/** A click judged fraudulent after the fact; scoring reverses what it awarded for it. */
export const LinkClickFlagged = z.object({
  clickId: Uuid,
  shareId: Uuid,
  employeeId: EmployeeId,
  reason: z.string().min(1).max(500),
});
