import { DEFAULT_CALENDAR, localDayOf } from '@advocacy/platform';
import { DateTime } from 'luxon';

/** The tenant's local calendar day at `now`, and whether its suggestion hour has come on that day. */
export function suggestionSlot(now: Date, timeZone: string, hour: number): { day: string; due: boolean } {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid time zone ${timeZone}`);
  return { day: localDayOf(now, { ...DEFAULT_CALENDAR, timeZone }).day, due: local.hour >= hour };
}

/** The first `count` ranked items, skipping what was already offered to the employee. */
export function pickSuggestions<T extends { contentId: string }>(
  ranked: readonly T[],
  count: number,
  alreadySuggested: ReadonlySet<string> = new Set(),
): string[] {
  return ranked
    .filter((item) => !alreadySuggested.has(item.contentId))
    .slice(0, Math.max(0, count))
    .map((item) => item.contentId);
}

/** Why the day's picks were chosen, as the event and `GET /api/v1/suggestions` say it. */
export const suggestionReason = (roleName: string | undefined): string =>
  roleName ? `today's picks for a ${roleName}` : "today's picks";
