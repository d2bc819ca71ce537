import type { DigestItem } from '../email/mail.templates';
import type { MessageParams } from '../email/messages';
import type { Moment } from '../webhooks/webhook.payloads';

/** What a queued send carries; mails are rendered at send time in the recipient's current language. */
export type SendPayload =
  | { type: 'notification'; params: MessageParams }
  | { type: 'digest'; items: DigestItem[] }
  | { type: 'webhook'; moment: Moment };
