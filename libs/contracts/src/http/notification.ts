// Request and response bodies of the notification service's HTTP API, shared by the service and its tests.
import { z } from 'zod';
import { IsoDateTime, TimeZone, Uuid } from '../common';

/** What a notification is about; preferences are chosen per kind. */
export const NOTIFICATION_KINDS = [
  'badge',
  'hero',
  'level',
  'coach-assigned',
  'nudge',
  'tip',
  'suggestion',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** Kinds a person may also receive as an immediate e-mail; the others are in-app only. */
export const EMAIL_KINDS = [
  'badge',
  'hero',
  'coach-assigned',
  'tip',
] as const satisfies readonly NotificationKind[];

/**
 * `off`: nothing; `in-app`: the inbox and its stream; `email`: the inbox and an immediate e-mail
 * (only for the EMAIL_KINDS).
 */
export const NotificationChannel = z.enum(['off', 'in-app', 'email']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');

export const QuietHours = z.object({ start: ClockTime, end: ClockTime });
export type QuietHours = z.infer<typeof QuietHours>;

export const DigestSchedule = z.object({
  enabled: z.boolean(),
  days: z.array(Weekday).max(7),
  hour: z.number().int().min(0).max(23),
});
export type DigestSchedule = z.infer<typeof DigestSchedule>;

const ChannelsByKind = z.partialRecord(NotificationKind, NotificationChannel);

/** A tenant's defaults (admin); every employee without an own choice gets these. */
export const NotificationDefaults = z.object({
  channels: z.record(NotificationKind, NotificationChannel),
  digest: DigestSchedule,
  quietHours: QuietHours.nullable(),
  /** The tenant's time zone (its settings, `PUT /api/v1/tenant/settings`); read-only here. */
  timeZone: TimeZone,
  /** Language of mails when an advocate's profile names none we have templates for. */
  language: z.enum(['en', 'nl']),
});
export type NotificationDefaults = z.infer<typeof NotificationDefaults>;

export const UpdateNotificationDefaultsBody = z.strictObject({
  channels: ChannelsByKind.optional(),
  digest: DigestSchedule.partial().optional(),
  quietHours: QuietHours.nullable().optional(),
  language: z.enum(['en', 'nl']).optional(),
});
export type UpdateNotificationDefaultsBody = z.infer<typeof UpdateNotificationDefaultsBody>;

/** An employee's own choices; what is null or missing falls back to the tenant default. */
export const NotificationPreferences = z.object({
  channels: ChannelsByKind,
  digest: DigestSchedule.partial().nullable(),
  quietHours: QuietHours.nullable().optional(),
  timeZone: TimeZone.nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const UpdateNotificationPreferencesBody = z.strictObject({
  channels: ChannelsByKind.optional(),
  digest: DigestSchedule.partial().nullable().optional(),
  /** null: no quiet hours; omitted: the tenant default. */
  quietHours: QuietHours.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
});
export type UpdateNotificationPreferencesBody = z.infer<typeof UpdateNotificationPreferencesBody>;

/** `GET /api/v1/me/notification-preferences`: what you chose and what applies. */
export const NotificationPreferencesResponse = z.object({
  own: NotificationPreferences,
  effective: NotificationDefaults.omit({ language: true }),
});

export const NotificationView = z.object({
  id: Uuid,
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationPage = z.object({
  notifications: z.array(NotificationView),
  unread: z.number().int().min(0),
  total: z.number().int().min(0),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const NotificationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** Only this kind (the tips a coach sent, say); `total` counts that kind, `unread` stays the inbox's. */
  kind: NotificationKind.optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const MarkReadBody = z.union([
  z.strictObject({ ids: z.array(Uuid).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadBody = z.infer<typeof MarkReadBody>;

export const MarkReadResponse = z.object({
  marked: z.number().int().min(0),
  unread: z.number().int().min(0),
});
export type MarkReadResponse = z.infer<typeof MarkReadResponse>;

/** The stream takes no query: its bearer token travels in the Authorization header only, never a URL. */
export const NotificationStreamQuery = z.strictObject({});

export const UnsubscribeQuery = z.object({ token: z.string().min(10).max(1000) });

// ---------------------------------------------------------------------------------------- webhooks

/** Programme moments a tenant's chat webhooks can post. */
export const WEBHOOK_MOMENTS = ['hero', 'badge-milestone', 'weekly-top3', 'campaign-content'] as const;
export const WebhookMoment = z.enum(WEBHOOK_MOMENTS);
export type WebhookMoment = z.infer<typeof WebhookMoment>;

export const WebhookFlavor = z.enum(['slack', 'teams', 'generic']);
export type WebhookFlavor = z.infer<typeof WebhookFlavor>;

const WebhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2048);

export const WebhookInput = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-"')
      .optional(),
    flavor: WebhookFlavor,
    url: WebhookUrl,
    /** HMAC-SHA256 key of a generic webhook (at least 32 characters); omit on PUT to keep the stored one. */
    secret: z.string().min(32).max(256).optional(),
    moments: z.array(WebhookMoment).min(1).max(WEBHOOK_MOMENTS.length),
    enabled: z.boolean().default(true),
  })
  .refine((hook) => hook.flavor !== 'generic' || hook.secret !== undefined || hook.id !== undefined, {
    message: 'a generic webhook needs a secret',
    path: ['secret'],
  });
export type WebhookInput = z.infer<typeof WebhookInput>;

export const PutWebhooksBody = z.strictObject({ webhooks: z.array(WebhookInput).max(20) });
export type PutWebhooksBody = z.infer<typeof PutWebhooksBody>;

export const WebhookView = z.object({
  id: z.string(),
  flavor: WebhookFlavor,
  /** Slack and Teams URLs carry their credential in the path: only the origin is shown. */
  url: z.string(),
  hasSecret: z.boolean(),
  moments: z.array(WebhookMoment),
  enabled: z.boolean(),
});
export type WebhookView = z.infer<typeof WebhookView>;

export const WebhookList = z.object({ webhooks: z.array(WebhookView) });

export const DeadLetterView = z.object({
  id: Uuid,
  webhookId: z.string(),
  moment: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  failedAt: IsoDateTime.nullable(),
});
export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetterView) });

/**
 * A mail whose worker died (or lost the connection) after handing the message to the SMTP server and
 * before its answer: it may have been delivered, so it is not sent again unless an admin resends it.
 */
export const InDoubtSendView = z.object({
  id: Uuid,
  channel: z.enum(['email', 'webhook']),
  recipient: z.string(),
  kind: z.string(),
  attempts: z.number().int(),
  reason: z.string().nullable(),
  createdAt: IsoDateTime,
  dataCommittedAt: IsoDateTime.nullable(),
  inDoubtSince: IsoDateTime.nullable(),
});
export const InDoubtSendList = z.object({ inDoubt: z.array(InDoubtSendView) });

/** The body of a generic webhook: one moment, signed (see the notification service README). */
export const GenericWebhookBody = z.object({
  id: z.string(),
  moment: WebhookMoment,
  tenantId: z.string(),
  occurredAt: IsoDateTime,
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type GenericWebhookBody = z.infer<typeof GenericWebhookBody>;
