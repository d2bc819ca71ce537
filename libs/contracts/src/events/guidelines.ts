import { z } from 'zod';
import { EmployeeId, Network } from '../common';

export const GuidelineSeverity = z.enum(['warning', 'blocked']);
export type GuidelineSeverity = z.infer<typeof GuidelineSeverity>;

const perNetwork = <T extends z.ZodType>(value: T) => z.partialRecord(Network, value);

/**
 * Machine-checkable part of a tenant's guidelines; the checker in @advocacy/guidelines applies it.
 * Strict: a misspelt rule (`blockedPhrases`) must be refused, not published as "nothing blocked".
 */
export const GuidelineRules = z.strictObject({
  blockedTerms: z.array(z.string().min(1).max(200)).max(1000).default([]),
  confidentialPatterns: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        pattern: z.string().min(1).max(500),
        flags: z
          .string()
          .regex(/^[imsu]*$/)
          .default('i'),
      }),
    )
    .max(200)
    .default([]),
  requiredDisclosure: perNetwork(z.string().min(1).max(100)).default({}),
  maxLength: perNetwork(z.number().int().positive().max(100000)).default({}),
  blockedDomains: z.array(z.string().min(1).max(253)).max(1000).default([]),
  requireContentLink: z.boolean().default(false),
  severity: z
    .strictObject({
      blockedTerm: GuidelineSeverity.default('blocked'),
      confidential: GuidelineSeverity.default('blocked'),
      disclosure: GuidelineSeverity.default('warning'),
      maxLength: GuidelineSeverity.default('blocked'),
      blockedDomain: GuidelineSeverity.default('blocked'),
      contentLink: GuidelineSeverity.default('warning'),
    })
    .prefault({}),
});
export type GuidelineRules = z.infer<typeof GuidelineRules>;
export type GuidelineRulesInput = z.input<typeof GuidelineRules>;

export const GuidelinesPublished = z.object({
  version: z.number().int().positive(),
  rules: GuidelineRules,
  document: z.string().max(200000).optional(),
  publishedAt: z.iso.datetime({ offset: true }),
});
export const GuidelinesAcknowledged = z.object({
  employeeId: EmployeeId,
  version: z.number().int().positive(),
});
