import { Init1764201600000 } from './1764201600000-init';

/** Every migration of the `scoring` schema, oldest first. */
export const MIGRATIONS = [Init1764201600000];
