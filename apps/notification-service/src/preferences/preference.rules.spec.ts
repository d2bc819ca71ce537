import { NotificationDefaults, NotificationPreferences } from '@advocacy/contracts';
import {
  BUILTIN_DEFAULTS,
  channelFor,
  effectivePreferences,
  mailLanguage,
  NO_PREFERENCES,
} from './preference.rules';

const tenant: NotificationDefaults = {
  ...BUILTIN_DEFAULTS,
  channels: { ...BUILTIN_DEFAULTS.channels, hero: 'email', suggestion: 'off' },
  quietHours: { start: '22:00', end: '07:00' },
  timeZone: 'Europe/Amsterdam',
};

describe('channelFor', () => {
  it.each([
    ['nothing chosen: the built-in default', 'badge', NO_PREFERENCES, BUILTIN_DEFAULTS, 'in-app'],
    ['tenant default applies', 'hero', NO_PREFERENCES, tenant, 'email'],
    ['tenant default off', 'suggestion', NO_PREFERENCES, tenant, 'off'],
    ['own choice beats the tenant', 'hero', { ...NO_PREFERENCES, channels: { hero: 'off' } }, tenant, 'off'],
    [
      'own e-mail for a mail kind',
      'badge',
      { ...NO_PREFERENCES, channels: { badge: 'email' } },
      tenant,
      'email',
    ],
    [
      'e-mail for an in-app-only kind falls back to the inbox',
      'nudge',
      { ...NO_PREFERENCES, channels: { nudge: 'email' } },
      tenant,
      'in-app',
    ],
    [
      'own in-app beats a tenant e-mail',
      'hero',
      { ...NO_PREFERENCES, channels: { hero: 'in-app' } },
      tenant,
      'in-app',
    ],
  ] as const)('%s', (_label, kind, own, defaults, expected) => {
    expect(channelFor(kind, own as NotificationPreferences, defaults)).toBe(expected);
  });
});

describe('effectivePreferences', () => {
  it('merges the digest field by field and keeps explicit "no quiet hours"', () => {
    const own: NotificationPreferences = {
      channels: {},
      digest: { hour: 17 },
      quietHours: null,
      timeZone: 'Asia/Tokyo',
    };
    expect(effectivePreferences(own, tenant)).toMatchObject({
      digest: { enabled: true, days: ['mon'], hour: 17 },
      quietHours: null,
      timeZone: 'Asia/Tokyo',
    });
  });

  it('takes the tenant quiet hours and zone when the employee chose none', () => {
    expect(effectivePreferences(NO_PREFERENCES, tenant)).toMatchObject({
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Europe/Amsterdam',
      channels: { hero: 'email', suggestion: 'off', badge: 'in-app' },
    });
  });
});

describe('mailLanguage', () => {
  it.each([
    ['nl', 'en', 'nl'],
    ['nl-BE', 'en', 'nl'],
    ['en_GB', 'nl', 'en'],
    ['de', 'nl', 'nl'],
    [null, 'en', 'en'],
  ] as const)('%s with fallback %s is %s', (profile, fallback, expected) => {
    expect(mailLanguage(profile, fallback)).toBe(expected);
  });
});
