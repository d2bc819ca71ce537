/**
 * Ties: equal points rank by who reached that total first.
 *
 * A Redis score is a double, exact only up to 2^53. Folding a time part into the score leaves too
 * few bits once points may reach 10^9 (≈ 2^30): the 2^23 left hold neither a millisecond timestamp
 * nor a long-lived counter. So the score is the points alone (exact up to 2^53) and the tie-break
 * lives in the member: `<13 digits: REACHED_MAX - reachedAt>:<id>`, where `reachedAt` is the epoch
 * millisecond at which the member reached its current total — the latest `occurredAt` of the
 * events applied to it (the maximum, so a late-arriving older event does not move anyone ahead).
 * Redis orders equal scores by member bytes and `ZRANGE … REV` walks them backwards, so the largest
 * prefix — the earliest `reachedAt` — comes first. Exact for any points up to 2^53 and any instant
 * until the year 2286; two totals reached in the same millisecond fall back to the id (deterministic).
 * Because the tie-break comes from event time, not arrival order, a rebuild from the ledger
 * reproduces the same order. The Lua scripts build the same prefix (`string.format('%013.0f', …)`).
 */
export const REACHED_DIGITS = 13;
export const REACHED_MAX = 10 ** REACHED_DIGITS - 1;

export function encodeMember(id: string, reachedAt: number): string {
  if (!Number.isSafeInteger(reachedAt) || reachedAt < 0 || reachedAt > REACHED_MAX) {
    throw new RangeError(`reachedAt ${reachedAt}`);
  }
  return `${String(REACHED_MAX - reachedAt).padStart(REACHED_DIGITS, '0')}:${id}`;
}

export function decodeMember(member: string): { id: string; reachedAt: number } {
  return {
    id: member.slice(REACHED_DIGITS + 1),
    reachedAt: REACHED_MAX - Number(member.slice(0, REACHED_DIGITS)),
  };
}

export interface Standing {
  id: string;
  points: number;
  reachedAt: number;
}

/** The order Redis produces with `ZRANGE … REV`: points descending, then member bytes descending. */
export function compareAsRedisReverse(a: Standing, b: Standing): number {
  if (a.points !== b.points) return b.points - a.points;
  const left = encodeMember(a.id, a.reachedAt);
  const right = encodeMember(b.id, b.reachedAt);
  return left < right ? 1 : left > right ? -1 : 0;
}
