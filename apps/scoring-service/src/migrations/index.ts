import { Init1764201600000 } from './1764201600000-init';
import { RulesProjectionsAppendOnly1764288000000 } from './1764288000000-rules-projections-append-only';
import { AntiFarming1764547200000 } from './1764547200000-anti-farming';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { AdvocateActive1765152000000 } from './1765152000000-advocate-active';
import { TenantSettings1765500000000 } from './1765500000000-tenant-settings';
import { InviteCreditOnce1765600000000 } from './1765600000000-invite-credit-once';

/** Every migration of the `scoring` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  RulesProjectionsAppendOnly1764288000000,
  AntiFarming1764547200000,
  OutboxTraceparent1764950000000,
  AdvocateActive1765152000000,
  TenantSettings1765500000000,
  InviteCreditOnce1765600000000,
];
