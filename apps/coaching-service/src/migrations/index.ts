import { Init1764201600000 } from './1764201600000-init';
import { Coaching1764288000000 } from './1764288000000-coaching';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';

/** Every migration of the `coaching` schema, oldest first. */
export const MIGRATIONS = [Init1764201600000, Coaching1764288000000, OutboxTraceparent1764950000000];
