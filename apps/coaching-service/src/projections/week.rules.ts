import { localDayOf, TenantCalendar } from '@advocacy/platform';

/** The week key of an instant in the tenant's calendar (zone and week start), e.g. `2025-W48`. */
export function weekOf(instant: Date, calendar: TenantCalendar): string {
  return localDayOf(instant, calendar).week;
}

/** The last `count` tenant weeks ending with the week of `now`, oldest first. */
export function lastWeeks(now: Date, count: number, calendar: TenantCalendar): string[] {
  const weeks: string[] = [];
  let day = localDayOf(now, calendar);
  for (let index = 0; index < count; index += 1) {
    weeks.unshift(day.week);
    // The last instant of the week before: steps by local weeks, whatever their length in hours.
    day = localDayOf(new Date(day.weekStart.getTime() - 1), calendar);
  }
  return weeks;
}

/** Points per week over the window, zero-filled. */
export function pointsTrend(
  weeks: readonly string[],
  sums: ReadonlyMap<string, number>,
): { week: string; points: number }[] {
  return weeks.map((week) => ({ week, points: sums.get(week) ?? 0 }));
}
