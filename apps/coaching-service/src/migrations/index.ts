import { Init1764201600000 } from './1764201600000-init';
import { Coaching1764288000000 } from './1764288000000-coaching';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { HeroProgramme1764979200000 } from './1764979200000-hero-programme';
import { Challenges1765065600000 } from './1765065600000-challenges';
import { TenantSettings1765500000000 } from './1765500000000-tenant-settings';
import { Invitations1765600000000 } from './1765600000000-invitations';
import { RoleGoals1765600100000 } from './1765600100000-role-goals';
import { ChallengeCloseSpread1765700000000 } from './1765700000000-challenge-close-spread';
import { AdvocateActive1765800000000 } from './1765800000000-advocate-active';

/** Every migration of the `coaching` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  Coaching1764288000000,
  OutboxTraceparent1764950000000,
  HeroProgramme1764979200000,
  Challenges1765065600000,
  TenantSettings1765500000000,
  Invitations1765600000000,
  RoleGoals1765600100000,
  ChallengeCloseSpread1765700000000,
  AdvocateActive1765800000000,
];
