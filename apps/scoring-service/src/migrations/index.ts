import { Init1764201600000 } from './1764201600000-init';
import { RulesProjectionsAppendOnly1764288000000 } from './1764288000000-rules-projections-append-only';
import { AdvocateActive1764460800000 } from './1764460800000-advocate-active';

/** Every migration of the `scoring` schema, oldest first. */
export const MIGRATIONS = [
  Init1764201600000,
  RulesProjectionsAppendOnly1764288000000,
  AdvocateActive1764460800000,
];
