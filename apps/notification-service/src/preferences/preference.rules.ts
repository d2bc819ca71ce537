import {
  EMAIL_KINDS,
  NOTIFICATION_KINDS,
  NotificationChannel,
  NotificationDefaults,
  NotificationKind,
  NotificationPreferences,
} from '@advocacy/contracts';
import { DEFAULT_TIME_ZONE } from '@advocacy/platform';

/** What applies to a tenant that never chose: everything in the app, e-mail only when opted into. */
export const BUILTIN_DEFAULTS: NotificationDefaults = {
  channels: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 'in-app'])) as Record<
    NotificationKind,
    NotificationChannel
  >,
  digest: { enabled: true, days: ['mon'], hour: 9 },
  quietHours: null,
  timeZone: DEFAULT_TIME_ZONE,
  language: 'en',
};

export const NO_PREFERENCES: NotificationPreferences = {
  channels: {},
  digest: null,
  timeZone: null,
};

export type EffectivePreferences = Omit<NotificationDefaults, 'language'>;

const emailKinds: ReadonlySet<string> = new Set(EMAIL_KINDS);

/** A kind that has no e-mail template falls back to the inbox when `email` is chosen. */
export function channelFor(
  kind: NotificationKind,
  own: NotificationPreferences,
  defaults: NotificationDefaults,
): NotificationChannel {
  const chosen = own.channels[kind] ?? defaults.channels[kind] ?? 'in-app';
  return chosen === 'email' && !emailKinds.has(kind) ? 'in-app' : chosen;
}

/** The employee's choices over the tenant defaults: a field the employee left open takes the default. */
export function effectivePreferences(
  own: NotificationPreferences,
  defaults: NotificationDefaults,
): EffectivePreferences {
  const channels = Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, channelFor(kind, own, defaults)]),
  ) as Record<NotificationKind, NotificationChannel>;
  return {
    channels,
    digest: { ...defaults.digest, ...(own.digest ?? {}) },
    quietHours: own.quietHours === undefined ? defaults.quietHours : own.quietHours,
    timeZone: own.timeZone ?? defaults.timeZone,
  };
}

/** Mail language: the profile's when we have templates for it (`nl-BE` → `nl`), else the tenant's. */
export function mailLanguage(profileLanguage: string | null, fallback: 'en' | 'nl'): 'en' | 'nl' {
  const base = profileLanguage?.toLowerCase().split(/[-_]/)[0];
  return base === 'nl' || base === 'en' ? base : fallback;
}
