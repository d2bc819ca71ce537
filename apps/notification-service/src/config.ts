import { BaseEnv, consumerLinger } from '@advocacy/platform';
import { z } from 'zod';

export const SERVICE = 'notification-service';
export const SCHEMA = 'notification';

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');
const intervalMs = (fallback: number) => z.coerce.number().int().min(0).max(86_400_000).default(fallback);

export const NotificationEnv = BaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3006),
  /** Off the board's path: larger, fewer batches under load (a notification a quarter second later reads the same). */
  KAFKA_CONSUMER_LINGER_MS: consumerLinger(250),
  /** Base URL of this service as mail readers reach it: the unsubscribe links point here. */
  NOTIFY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3006'),
  /** Base URL of the web app, for links in notifications and mails. */
  APP_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8080'),
  /** HMAC key of the unsubscribe tokens. */
  UNSUBSCRIBE_SECRET: z.string().min(16, 'must be at least 16 characters'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: booleanFlag.default(false),
  SMTP_REQUIRE_TLS: booleanFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('Advocacy Engine <no-reply@advocacy.invalid>'),
  /** Domain part of the Message-IDs, derived from the idempotency key of each send. */
  MAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/)
    .default('advocacy.invalid'),
  /** How often the send worker looks for due rows; 0 turns the timer off (tests drive it). */
  SEND_WORKER_INTERVAL_MS: intervalMs(500),
  /** How long a claimed send is held before another worker may take it over (a crashed replica). */
  SEND_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** First retry delay; each further retry doubles it (with jitter), capped at SEND_RETRY_MAX_MS. */
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
  SEND_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** How often digests and weekly moments are checked; 0 turns the timer off (tests drive it). */
  SCHEDULE_INTERVAL_MS: intervalMs(60_000),
  /** Days a notification's content (inbox rows, rendered payloads) is kept (GDPR). */
  NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_INTERVAL_MS: intervalMs(3_600_000),
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
});
export type NotificationConfig = z.infer<typeof NotificationEnv>;
