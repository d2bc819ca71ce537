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
export const HeroQualified = z.object({
  employeeId: EmployeeId,
  period: z.string().min(4).max(16),
  reason: z.string().max(500),
});
export const HeroLapsed = z.object({
  employeeId: EmployeeId,
  period: z.string().min(4).max(16),
  reason: z.string().max(500),
});
