import { DateTime } from 'luxon';

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

/** Calendar buckets of an instant in a tenant's time zone; boundaries are local midnight. */
export function periodBuckets(instant: Date, timeZone = DEFAULT_TIME_ZONE) {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return {
    day: local.toFormat('yyyy-LL-dd'),
    week: `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
    month: local.toFormat('yyyy-LL'),
  };
}

/** Start (inclusive) and end (exclusive) of the local day, week or month holding `instant`. */
export function periodRange(instant: Date, unit: 'day' | 'week' | 'month', timeZone = DEFAULT_TIME_ZONE) {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).startOf(unit === 'week' ? 'week' : unit);
  const next = local.plus(unit === 'day' ? { days: 1 } : unit === 'week' ? { weeks: 1 } : { months: 1 });
  return { start: local.toJSDate(), end: next.toJSDate() };
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
