import { Init1764201600000 } from './1764201600000-init';
import { BoardsBadges1764288000000 } from './1764288000000-boards-badges';
import { AdvocateProfiles1764374400000 } from './1764374400000-advocate-profiles';
import { HiddenReason1764460800000 } from './1764460800000-hidden-reason';

/** Every migration of the `leaderboard` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  BoardsBadges1764288000000,
  AdvocateProfiles1764374400000,
  HiddenReason1764460800000,
];
