import { DigestSchedule, QuietHours, Weekday, WEEKDAYS } from '@advocacy/contracts';
import { DEFAULT_CALENDAR, localDayOf } from '@advocacy/platform';
import { DateTime } from 'luxon';

function local(now: Date, timeZone: string): DateTime {
  const time = DateTime.fromJSDate(now, { zone: timeZone });
  if (!time.isValid) throw new Error(`invalid time zone ${timeZone}`);
  return time;
}

const weekdayOf = (time: DateTime): Weekday => WEEKDAYS[time.weekday - 1];

/**
 * Whether a digest is due at `now`: a chosen weekday whose chosen local hour has come. `period` is the
 * local day, claimed once, so a 25-hour autumn day never sends twice and an hour skipped by the
 * spring change (02:00 in Amsterdam) is served by the first hour after it.
 */
export function digestSlot(
  now: Date,
  timeZone: string,
  schedule: DigestSchedule,
): { due: boolean; period: string } {
  const time = local(now, timeZone);
  const period = localDayOf(now, { ...DEFAULT_CALENDAR, timeZone }).day;
  const due = schedule.enabled && schedule.days.includes(weekdayOf(time)) && time.hour >= schedule.hour;
  return { due, period };
}

/** The weekly top 3 goes out on Monday from `hour` on, for the ISO week that just ended. */
export function weeklySlot(now: Date, timeZone: string, hour: number): { due: boolean; week: string } {
  const time = local(now, timeZone);
  const previous = time.minus({ weeks: 1 });
  const week = `${previous.weekYear}-W${String(previous.weekNumber).padStart(2, '0')}`;
  return { due: time.weekday === 1 && time.hour >= hour, week };
}

/** The ISO week (`2026-W05`) of an instant in a time zone. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  const time = local(instant, timeZone);
  return `${time.weekYear}-W${String(time.weekNumber).padStart(2, '0')}`;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * When an immediate mail may go: `now`, or the end of the quiet hours `now` falls in. A window whose
 * start is after its end runs over midnight (22:00–07:00); start = end means no quiet hours.
 */
export function quietUntil(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const time = local(now, timeZone);
  const minute = time.hour * 60 + time.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  const endsTomorrow = start > end && minute >= start;
  const endDay = endsTomorrow ? time.plus({ days: 1 }) : time;
  return endDay.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential with "equal jitter" (half the step fixed, half random), so failing
 * receivers are not hit by every replica in lock-step. `random` is injected for the tests.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
