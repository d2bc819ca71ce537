import { z } from 'zod';
import { EmployeeId, HttpUrl, IsoDateTime, Uuid } from '../common';

/** Full snapshot of a shareable item, so consumers keep their projection from one event. */
export const ContentSnapshot = z.object({
  contentId: Uuid,
  url: HttpUrl,
  title: z.string().min(1).max(200),
  summary: z.string().max(5000).optional(),
  language: z.string().min(2).max(12),
  topics: z.array(z.string().min(1).max(64)).max(50),
  campaignId: z.string().min(1).max(128).nullable().optional(),
  campaignPriority: z.number().int().min(0).max(10).optional(),
  shareableFrom: IsoDateTime.nullable().optional(),
  shareableUntil: IsoDateTime.nullable().optional(),
  submittedBy: EmployeeId.nullable().optional(),
  publishedAt: IsoDateTime,
});
export type ContentSnapshot = z.infer<typeof ContentSnapshot>;

export const ContentPublished = ContentSnapshot;
export const ContentUpdated = ContentSnapshot;
export const ContentArchived = z.object({
  contentId: Uuid,
  reason: z.enum(['manual', 'expired']),
  archivedAt: IsoDateTime,
});
