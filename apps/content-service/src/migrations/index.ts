import { Init1764201600000 } from './1764201600000-init';
import { Content1764288000000 } from './1764288000000-content';
import { Suggested1764374400000 } from './1764374400000-suggested';
import { SuggestedReason1764892800000 } from './1764892800000-suggested-reason';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { Directory1765152000000 } from './1765152000000-directory';
import { TenantSettings1765500000000 } from './1765500000000-tenant-settings';
import { RoleGoalPeriod1765600000000 } from './1765600000000-role-goal-period';

/** Every migration of the `content` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  Content1764288000000,
  Suggested1764374400000,
  SuggestedReason1764892800000,
  OutboxTraceparent1764950000000,
  Directory1765152000000,
  TenantSettings1765500000000,
  RoleGoalPeriod1765600000000,
];
