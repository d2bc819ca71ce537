import { Period } from '@advocacy/contracts';
import { DEFAULT_CALENDAR, localDayOf, periodBuckets, periodRange, TenantCalendar } from '@advocacy/platform';
import { DateTime } from 'luxon';

/**
 * Redis layout of one tenant. `{tenant}` is a Redis Cluster hash tag: all of a tenant's keys live in
 * one slot, so the multi-key scripts run unchanged on a cluster. Boards carry a generation suffix
 * (`:g<n>`) so a rebuild writes fresh keys while reads still use the current ones.
 *
 *   lb:{t}:<scope>:<period>:<bucket>:g<n>      sorted set   score = points, member = tie prefix + id
 *   lb:{t}:<scope>:<period>:<bucket>:g<n>:m    hash         id -> current member (for ZSCORE/ZREVRANK)
 *   lb:{t}:<scope>:<period>:<bucket>:g<n>:h    hash         hidden id -> "points|member" (kept, not ranked)
 */
export const tenantPrefix = (tenantId: string) => `lb:{${tenantId}}:`;

export const boardKey = (
  tenantId: string,
  generation: number,
  scope: string,
  period: Period,
  bucket: string,
) => `${tenantPrefix(tenantId)}${scope}:${period}:${bucket}:g${generation}`;

export const memberIndexKey = (board: string) => `${board}:m`;
export const hiddenShadowKey = (board: string) => `${board}:h`;

export const tenantKeys = (tenantId: string) => {
  const prefix = tenantPrefix(tenantId);
  return {
    generation: `${prefix}gen`,
    generationCounter: `${prefix}gen-counter`,
    rebuilding: `${prefix}rebuilding`,
    hidden: `${prefix}hidden`,
    profiles: `${prefix}profiles`,
    live: `${prefix}live`,
    seen: (day: string) => `${prefix}seen:${day}`,
    registry: (generation: number) => `${prefix}boards:g${generation}`,
    entries: (generation: number) => `${prefix}entries:g${generation}`,
  };
};

export type MemberKind = 'employee' | 'team';

export interface BoardTarget {
  scope: string;
  period: Period;
  bucket: string;
  /** Employees are the members of every board except `teams`, whose members are team ids. */
  kind: MemberKind;
  /** Unix seconds after which a closed bucket may go; 0 for `all`, which never expires. */
  expireAt: number;
}

export interface PointsFacts {
  employeeId: string;
  teamId: string | null;
  campaignId?: string | null;
}

export const bucketOf = (
  period: Period,
  instant: Date,
  calendar: TenantCalendar = DEFAULT_CALENDAR,
): string => (period === 'all' ? 'all' : periodBuckets(instant, calendar)[period]);

/** The instant a `?at=YYYY-MM-DD` refers to: noon of that local date, safely inside every bucket holding it. */
export function instantOfDate(date: string, calendar: TenantCalendar = DEFAULT_CALENDAR): Date {
  return DateTime.fromISO(date, { zone: calendar.timeZone }).set({ hour: 12 }).toJSDate();
}

/** When a bucket's key may expire: the end of its period plus the retention. */
export function expiryOf(
  period: Period,
  instant: Date,
  calendar: TenantCalendar,
  retentionMonths: number,
): number {
  if (period === 'all') return 0;
  const { end } = periodRange(instant, period, calendar);
  return Math.floor(
    DateTime.fromJSDate(end, { zone: calendar.timeZone }).plus({ months: retentionMonths }).toSeconds(),
  );
}

export function boardScopes(facts: PointsFacts): { scope: string; kind: MemberKind }[] {
  const scopes: { scope: string; kind: MemberKind }[] = [{ scope: 'global', kind: 'employee' }];
  if (facts.teamId) {
    scopes.push({ scope: `team:${facts.teamId}`, kind: 'employee' });
    scopes.push({ scope: 'teams', kind: 'team' });
  }
  if (facts.campaignId) scopes.push({ scope: `campaign:${facts.campaignId}`, kind: 'employee' });
  return scopes;
}

/** The bucket and expiry of each period for one instant: what every scope of a points event shares. */
export interface PeriodTarget {
  period: Period;
  bucket: string;
  expireAt: number;
}

const PERIODS: Period[] = ['day', 'week', 'month', 'all'];

/** Targets of the local days recently seen, by zone, retention and day. */
const targetsByDay = new Map<string, PeriodTarget[]>();
const DAYS_CACHED = 256;

/**
 * The four period targets of an instant. Every instant of one local day (found by the platform's
 * cached `localDayOf`) has the same buckets and expiries, so they are computed once per day.
 */
export function periodTargets(
  occurredAt: Date,
  calendar: TenantCalendar,
  retentionMonths: number,
): PeriodTarget[] {
  const local = localDayOf(occurredAt, calendar);
  const cacheKey = `${calendar.timeZone}|${calendar.weekStart}|${retentionMonths}|${local.day}`;
  const cached = targetsByDay.get(cacheKey);
  if (cached) return cached;
  const targets = PERIODS.map((period) => ({
    period,
    bucket: period === 'all' ? 'all' : local[period],
    expireAt: expiryOf(period, occurredAt, calendar, retentionMonths),
  }));
  if (local.start.getTime() < local.end.getTime()) {
    targetsByDay.set(cacheKey, targets);
    if (targetsByDay.size > DAYS_CACHED) targetsByDay.delete(targetsByDay.keys().next().value as string);
  }
  return targets;
}

/** Every board one `points.awarded` touches: each scope × day, week, month and all-time. */
export function affectedBoards(
  facts: PointsFacts,
  occurredAt: Date,
  calendar: TenantCalendar,
  retentionMonths: number,
): BoardTarget[] {
  const targets = periodTargets(occurredAt, calendar, retentionMonths);
  return boardScopes(facts).flatMap(({ scope, kind }) =>
    targets.map(({ period, bucket, expireAt }) => ({ scope, period, kind, bucket, expireAt })),
  );
}

/** The week bucket of an instant in the tenant's calendar, from the same per-day cache. */
export const weekBucketOf = (occurredAt: Date, calendar: TenantCalendar): string =>
  periodTargets(occurredAt, calendar, 0)[1].bucket;
