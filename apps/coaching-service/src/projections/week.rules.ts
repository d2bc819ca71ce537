import { DateTime } from 'luxon';

/** The ISO week of an instant in UTC, e.g. `2025-W48`. */
export function isoWeek(instant: Date): string {
  const utc = DateTime.fromJSDate(instant, { zone: 'utc' });
  return `${utc.weekYear}-W${String(utc.weekNumber).padStart(2, '0')}`;
}

/** The last `count` ISO weeks ending with the week of `now`, oldest first. */
export function lastWeeks(now: Date, count: number): string[] {
  const utc = DateTime.fromJSDate(now, { zone: 'utc' });
  return Array.from({ length: count }, (_, index) =>
    isoWeek(utc.minus({ weeks: count - 1 - index }).toJSDate()),
  );
}

/** Points per week over the window, zero-filled. */
export function pointsTrend(
  weeks: readonly string[],
  sums: ReadonlyMap<string, number>,
): { week: string; points: number }[] {
  return weeks.map((week) => ({ week, points: sums.get(week) ?? 0 }));
}
