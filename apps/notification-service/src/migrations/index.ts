import { Init1764201600000 } from './1764201600000-init';
import { Notification1764892800000 } from './1764892800000-notification';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { SendQueue1765000000000 } from './1765000000000-send-queue';
import { TenantSettings1765500000000 } from './1765500000000-tenant-settings';
import { SendInDoubt1766000000000 } from './1766000000000-send-in-doubt';

/** Every migration of the `notification` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  Notification1764892800000,
  OutboxTraceparent1764950000000,
  SendQueue1765000000000,
  TenantSettings1765500000000,
  SendInDoubt1766000000000,
];
