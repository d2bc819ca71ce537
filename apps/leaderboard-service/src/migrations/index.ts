import { Init1764201600000 } from './1764201600000-init';
import { BoardsBadges1764288000000 } from './1764288000000-boards-badges';
import { AdvocateProfiles1764374400000 } from './1764374400000-advocate-profiles';
import { OutboxTraceparent1764950000000 } from './1764950000000-outbox-traceparent';
import { HeroProjection1764979200000 } from './1764979200000-hero-projection';
import { HiddenReason1765152000000 } from './1765152000000-hidden-reason';
import { TenantSettings1765500000000 } from './1765500000000-tenant-settings';
import { EmbedKeys1765600000000 } from './1765600000000-embed-keys';
import { BadgeRuleVersions1765700000000 } from './1765700000000-badge-rule-versions';

/** Every migration of the `leaderboard` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  BoardsBadges1764288000000,
  AdvocateProfiles1764374400000,
  OutboxTraceparent1764950000000,
  HeroProjection1764979200000,
  HiddenReason1765152000000,
  TenantSettings1765500000000,
  EmbedKeys1765600000000,
  BadgeRuleVersions1765700000000,
];
