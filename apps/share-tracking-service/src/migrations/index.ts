import { Init1764201600000 } from './1764201600000-init';
import { TrackingModel1764288000000 } from './1764288000000-tracking-model';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { ClickFlags1765300000000 } from './1765300000000-click-flags';

/** Every migration of the `tracking` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  TrackingModel1764288000000,
  OutboxTraceparent1764950000000,
  ClickFlags1765300000000,
];
