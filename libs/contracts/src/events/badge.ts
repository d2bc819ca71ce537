import { z } from 'zod';
import { EmployeeId } from '../common';

export const BadgeLevel = z.enum(['bronze', 'silver', 'gold']);
export const BadgeAwarded = z.object({
  employeeId: EmployeeId,
  badgeId: z.string().min(1).max(64),
  level: BadgeLevel.nullable().optional(),
  name: z.string().max(120).optional(),
  reason: z.string().max(500).optional(),
  /** The week or month a rank badge (HERO of the week, Team champion) was won for. */
  period: z.string().min(4).max(16).optional(),
});
/** What a HERO status rests on: an admin's nomination or the tenant's rolling-window rule. */
export const HeroBasis = z.enum(['nominated', 'rule']);
export type HeroBasis = z.infer<typeof HeroBasis>;
/** The numbers a rule decision was taken on (rolling window ending at the event). */
export const HeroNumbers = z.object({
  windowDays: z.number().int().min(1),
  points: z.number().int(),
  shares: z.number().int().min(0),
  /** Rank inside the advocate's team over the window; null without a team. */
  teamRank: z.number().int().min(1).nullable(),
});
export type HeroNumbers = z.infer<typeof HeroNumbers>;
/**
 * Produced by the coaching service, which owns HERO status (`period` is the UTC day of the decision);
 * the topic stays badge.v1 so existing consumers keep hearing it.
 */
export const HeroQualified = z.object({
  employeeId: EmployeeId,
  period: z.string().min(4).max(16),
  reason: z.string().max(500),
  basis: HeroBasis.optional(),
  numbers: HeroNumbers.optional(),
  nominatedBy: EmployeeId.optional(),
});
export const HeroLapsed = z.object({
  employeeId: EmployeeId,
  period: z.string().min(4).max(16),
  reason: z.string().max(500),
  /** `removed`: an admin ended it; `rule`: below the rule for longer than the grace period. */
  cause: z.enum(['removed', 'rule']).optional(),
  numbers: HeroNumbers.optional(),
  removedBy: EmployeeId.optional(),
});
