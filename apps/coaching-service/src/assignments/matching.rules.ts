import type { UnmatchedReason } from '@advocacy/contracts';

/** What matching needs to know about a coach. */
export interface CoachCandidate {
  employeeId: string;
  languages: readonly string[];
  teams: readonly string[];
  topics: readonly string[];
  capacity: number;
  available: boolean;
  /** Proposed plus accepted assignments right now. */
  load: number;
}

/** What matching needs to know about the advocate to be coached. */
export interface AdvocateProfile {
  employeeId: string;
  teamId: string | null;
  /** Unknown until the first advocate.v1 event; then any language is acceptable. */
  language: string | null;
  topics: readonly string[];
}

/** `de-DE`, `de_at` and `DE` all speak German. */
export const primaryLanguage = (tag: string): string => tag.trim().toLowerCase().split(/[-_]/)[0];

export function isEligible(
  coach: CoachCandidate,
  advocate: AdvocateProfile,
  excludedCoachIds: ReadonlySet<string>,
): boolean {
  if (!coach.available) return false;
  if (coach.load >= coach.capacity) return false;
  if (coach.employeeId === advocate.employeeId) return false;
  if (excludedCoachIds.has(coach.employeeId)) return false;
  if (advocate.language === null) return true;
  const wanted = primaryLanguage(advocate.language);
  return coach.languages.some((language) => primaryLanguage(language) === wanted);
}

const topicOverlap = (coach: CoachCandidate, advocate: AdvocateProfile): number => {
  const wanted = new Set(advocate.topics.map((topic) => topic.toLowerCase()));
  return new Set(coach.topics.map((topic) => topic.toLowerCase()).filter((topic) => wanted.has(topic))).size;
};

const sameTeam = (coach: CoachCandidate, advocate: AdvocateProfile): number =>
  advocate.teamId !== null && coach.teams.includes(advocate.teamId) ? 1 : 0;

/**
 * Orders two eligible coaches for an advocate: same team first, then more shared topics, then the
 * lower load, then the smaller employee id, so the same inputs always give the same coach.
 */
function compare(a: CoachCandidate, b: CoachCandidate, advocate: AdvocateProfile): number {
  return (
    sameTeam(b, advocate) - sameTeam(a, advocate) ||
    topicOverlap(b, advocate) - topicOverlap(a, advocate) ||
    a.load - b.load ||
    (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0)
  );
}

/**
 * The best coach for an advocate, or null when nobody fits. Required: available, free capacity,
 * speaks the advocate's language, not the advocate, not excluded (declined or let expire before).
 */
export function matchCoach(
  advocate: AdvocateProfile,
  coaches: readonly CoachCandidate[],
  excludedCoachIds: ReadonlySet<string> = new Set(),
): CoachCandidate | null {
  const eligible = coaches.filter((coach) => isEligible(coach, advocate, excludedCoachIds));
  if (eligible.length === 0) return null;
  return [...eligible].sort((a, b) => compare(a, b, advocate))[0];
}

/**
 * Why `matchCoach` finds nobody, the first that applies: no coach at all; nobody speaks the
 * advocate's language; every coach who does declined them (or let a proposal expire); those left are
 * marked unavailable; or they are all at capacity. Null when someone would fit.
 */
export function unmatchedReason(
  advocate: AdvocateProfile,
  coaches: readonly CoachCandidate[],
  excludedCoachIds: ReadonlySet<string> = new Set(),
): UnmatchedReason | null {
  if (matchCoach(advocate, coaches, excludedCoachIds)) return null;
  const others = coaches.filter((coach) => coach.employeeId !== advocate.employeeId);
  if (others.length === 0) return 'no-coaches';
  const wanted = advocate.language === null ? null : primaryLanguage(advocate.language);
  const speakers = others.filter(
    (coach) => wanted === null || coach.languages.some((language) => primaryLanguage(language) === wanted),
  );
  if (speakers.length === 0) return 'no-language-match';
  const notDeclined = speakers.filter((coach) => !excludedCoachIds.has(coach.employeeId));
  if (notDeclined.length === 0) return 'all-declined';
  const available = notDeclined.filter((coach) => coach.available);
  if (available.length === 0) return 'coaches-unavailable';
  return 'no-capacity';
}

/** Whole hours waited (rounded down). */
export const waitingHours = (since: Date, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - since.getTime()) / 3_600_000));
