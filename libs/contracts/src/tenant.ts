import { z } from 'zod';
import { IsoDateTime, TimeZone } from './common';

export const WEEK_STARTS = ['monday', 'sunday'] as const;
export const WeekStart = z.enum(WEEK_STARTS);
export type WeekStart = z.infer<typeof WeekStart>;

const LanguageTag = z
  .string()
  .min(2)
  .max(12)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "en" or "nl-BE"');

/**
 * A tenant's settings: the one schema, owned by the content service (`PUT /api/v1/tenant/settings`)
 * and projected by every other service from `tenant.settings-updated`. Every field has a default,
 * so a tenant nobody configured has `TenantSettings.parse({})`.
 */
export const TenantSettings = z.strictObject({
  timeZone: TimeZone.default('Europe/Amsterdam'),
  weekStart: WeekStart.default('monday'),
  /** The languages the programme runs in; the first is the default of mails and the feed. */
  languages: z
    .array(LanguageTag)
    .min(1)
    .max(20)
    .refine((tags) => new Set(tags).size === tags.length, 'must not repeat a language')
    .default(['en']),
  programmeName: z.string().trim().min(1).max(100).default('Advocacy'),
  /** Local hour at which the daily suggestions go out. */
  suggestionHour: z.number().int().min(0).max(23).default(8),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
export type TenantSettingsInput = z.input<typeof TenantSettings>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = TenantSettings.parse({});

/** `GET/PUT /api/v1/tenant/settings` answer: the settings and their version. */
export const TenantSettingsView = TenantSettings.extend({
  version: z.number().int().min(0),
  updatedAt: IsoDateTime.nullable(),
});
export type TenantSettingsView = z.infer<typeof TenantSettingsView>;

/**
 * `tenant.settings-updated`: the whole settings document with its version. Consumers keep the
 * highest version they have seen and ignore older ones, so a redelivered or reordered event never
 * rolls a tenant back.
 */
export const TenantSettingsUpdated = TenantSettings.extend({
  version: z.number().int().positive(),
  updatedAt: IsoDateTime,
});
export type TenantSettingsUpdated = z.infer<typeof TenantSettingsUpdated>;
