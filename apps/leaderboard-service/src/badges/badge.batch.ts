import { Counters } from './badge.rules';

/** One advocate's counter change caused by one event of a batch. */
export interface CounterStep {
  tenantId: string;
  employeeId: string;
  delta: Counters;
}

export interface CounterDelta extends CounterStep {
  key: string;
}

const ZERO: Counters = { shares: 0, points: 0, humanClicks: 0 };

export const advocateKey = (tenantId: string, employeeId: string) => `${tenantId}\u0000${employeeId}`;

const plus = (a: Counters, b: Counters): Counters => ({
  shares: a.shares + b.shares,
  points: a.points + b.points,
  humanClicks: a.humanClicks + b.humanClicks,
});

const minus = (a: Counters, b: Counters): Counters => ({
  shares: a.shares - b.shares,
  points: a.points - b.points,
  humanClicks: a.humanClicks - b.humanClicks,
});

/**
 * The batch's counter changes summed per advocate, in one fixed order (tenant, then employee, by
 * code unit). Every batch upserts its rows in that order, so batches of different topics that touch
 * the same advocates wait for each other instead of deadlocking.
 */
export function sumCounterDeltas(steps: readonly CounterStep[]): CounterDelta[] {
  const sums = new Map<string, CounterDelta>();
  for (const step of steps) {
    const key = advocateKey(step.tenantId, step.employeeId);
    const known = sums.get(key);
    if (known) known.delta = plus(known.delta, step.delta);
    else sums.set(key, { key, tenantId: step.tenantId, employeeId: step.employeeId, delta: step.delta });
  }
  return [...sums.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The counters as they stood right after each step, given the totals after the whole batch: what
 * one upsert per event would have returned, so threshold badges reached mid-batch are still won
 * (points can go down again through reversals).
 */
export function countersAfterEachStep(
  steps: readonly CounterStep[],
  totals: ReadonlyMap<string, Counters>,
): Counters[] {
  const running = new Map<string, Counters>();
  for (const delta of sumCounterDeltas(steps)) {
    running.set(delta.key, minus(totals.get(delta.key) ?? delta.delta, delta.delta));
  }
  return steps.map((step) => {
    const key = advocateKey(step.tenantId, step.employeeId);
    const next = plus(running.get(key) ?? ZERO, step.delta);
    running.set(key, next);
    return next;
  });
}
