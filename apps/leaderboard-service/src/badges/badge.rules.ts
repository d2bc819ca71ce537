import { BadgeRules } from '@advocacy/contracts';
import { DateTime } from 'luxon';
import { localDayOf, periodRange, TenantCalendar } from '@advocacy/platform';

export type Level = 'bronze' | 'silver' | 'gold' | null;

export interface Award {
  badgeId: string;
  level: Level;
  name: string;
  reason: string;
  /** '' for once-only badges; the period for rank badges that can be won again. */
  period: string;
}

export interface Counters {
  shares: number;
  points: number;
  humanClicks: number;
}

export const DEFAULT_BADGE_RULES: BadgeRules = {
  thresholds: [
    { badgeId: 'first-share', name: 'First share', metric: 'shares', steps: [{ atLeast: 1, level: null }] },
    {
      badgeId: 'sharer',
      name: 'Sharer',
      metric: 'shares',
      steps: [
        { atLeast: 10, level: 'bronze' },
        { atLeast: 50, level: 'silver' },
        { atLeast: 100, level: 'gold' },
      ],
    },
    {
      badgeId: 'points',
      name: 'Point collector',
      metric: 'points',
      steps: [
        { atLeast: 100, level: 'bronze' },
        { atLeast: 1000, level: 'silver' },
        { atLeast: 10000, level: 'gold' },
      ],
    },
    { badgeId: 'reach', name: 'Reach', metric: 'humanClicks', steps: [{ atLeast: 500, level: 'gold' }] },
  ],
  streaks: [
    {
      badgeId: 'streak',
      name: 'Weekly streak',
      steps: [
        { weeks: 4, level: 'bronze' },
        { weeks: 8, level: 'silver' },
        { weeks: 12, level: 'gold' },
      ],
    },
  ],
  heroOfTheWeek: { enabled: true, top: 3 },
  teamChampion: { enabled: true, top: 1 },
};

const METRIC_WORDS = {
  shares: ['share', 'shares'],
  points: ['point', 'points'],
  humanClicks: ['unique human click', 'unique human clicks'],
} as const;

/** Every threshold level the counters have reached; awarding is idempotent, so earlier ones may repeat. */
export function thresholdAwards(rules: BadgeRules, counters: Counters): Award[] {
  return rules.thresholds.flatMap((rule) =>
    rule.steps
      .filter((step) => counters[rule.metric] >= step.atLeast)
      .map((step) => ({
        badgeId: rule.badgeId,
        level: step.level,
        name: rule.name,
        reason: `reached ${step.atLeast} ${METRIC_WORDS[rule.metric][step.atLeast === 1 ? 0 : 1]}`,
        period: '',
      })),
  );
}

const WEEK_MS = 7 * 86_400_000;
/** ISO week → its Monday 00:00 UTC in ms (null when not a week), parsed once per distinct week. */
const weekStarts = new Map<string, number | null>();
function weekStart(week: string): number | null {
  let start = weekStarts.get(week);
  if (start === undefined) {
    const parsed = DateTime.fromISO(week, { zone: 'utc' });
    start = parsed.isValid ? parsed.toMillis() : null;
    // a bounded memo: weeks come from stored share weeks, a few hundred distinct values
    if (weekStarts.size >= 10_000) weekStarts.clear();
    weekStarts.set(week, start);
  }
  return start;
}

/**
 * Length of the run of consecutive ISO weeks (`2026-W53`, `2027-W01`, …) that ends with the latest
 * week shared in. Weeks are compared as UTC dates (a week is exactly 7 days there), so year ends with
 * 52 or 53 weeks need no special case. Parsing each week with luxon on every batch was the
 * leaderboard's largest library cost in a CPU profile at 1,000 events/s; a week is parsed once now.
 */
export function streakLength(weeks: readonly string[]): number {
  const starts = [...new Set(weeks)]
    .map(weekStart)
    .filter((start): start is number => start !== null)
    .sort((a, b) => b - a);
  if (starts.length === 0) return 0;
  let length = 1;
  for (let index = 1; index < starts.length; index += 1) {
    if (starts[index - 1] - WEEK_MS !== starts[index]) break;
    length += 1;
  }
  return length;
}

export function streakAwards(rules: BadgeRules, weeks: readonly string[]): Award[] {
  const length = streakLength(weeks);
  return rules.streaks.flatMap((rule) =>
    rule.steps
      .filter((step) => length >= step.weeks)
      .map((step) => ({
        badgeId: rule.badgeId,
        level: step.level,
        name: rule.name,
        reason: `shared in ${step.weeks} consecutive weeks`,
        period: '',
      })),
  );
}

export interface RankAward {
  employeeId: string;
  award: Award;
}

export interface Ranked {
  id: string;
  points: number;
}

/** HERO of the week: the top N of a closed weekly global board (best first), points above zero. */
export function heroOfTheWeekAwards(
  rules: BadgeRules,
  week: string,
  ranking: readonly Ranked[],
): RankAward[] {
  if (!rules.heroOfTheWeek.enabled) return [];
  return ranking
    .filter((row) => row.points > 0)
    .slice(0, rules.heroOfTheWeek.top)
    .map((row, index) => ({
      employeeId: row.id,
      award: {
        badgeId: 'hero-of-the-week',
        level: null,
        name: 'HERO of the week',
        reason: `rank ${index + 1} of week ${week} with ${row.points} points`,
        period: week,
      },
    }));
}

/** Team champion: the top of one team's closed monthly board. */
export function teamChampionAwards(
  rules: BadgeRules,
  month: string,
  teamId: string,
  ranking: readonly Ranked[],
): RankAward[] {
  if (!rules.teamChampion.enabled) return [];
  return ranking
    .filter((row) => row.points > 0)
    .slice(0, rules.teamChampion.top)
    .map((row) => ({
      employeeId: row.id,
      award: {
        badgeId: 'team-champion',
        level: null,
        name: 'Team champion',
        reason: `top of team ${teamId} in ${month} with ${row.points} points`,
        period: month,
      },
    }));
}

/**
 * Periods that have ended since the tenant appeared: every ISO week and month whose local end lies
 * in (from, now]. Used to close periods once and to catch up after downtime.
 */
export function closedPeriods(
  from: Date,
  now: Date,
  calendar: TenantCalendar,
): { weeks: { id: string; start: Date }[]; months: { id: string; start: Date }[] } {
  const collect = (unit: 'week' | 'month') => {
    const out: { id: string; start: Date }[] = [];
    let start = periodRange(from, unit, calendar).start;
    for (;;) {
      const local = localDayOf(start, calendar);
      const next = unit === 'week' ? local.weekEnd : local.monthEnd;
      if (next > now) break;
      out.push({ id: unit === 'week' ? local.week : local.month, start });
      start = next;
    }
    return out;
  };
  return { weeks: collect('week'), months: collect('month') };
}
