import { advocateKey, countersAfterEachStep, CounterStep, sumCounterDeltas } from './badge.batch';
import { Counters } from './badge.rules';

const counters = (shares: number, points: number, humanClicks: number): Counters => ({
  shares,
  points,
  humanClicks,
});
const step = (tenantId: string, employeeId: string, delta: Counters): CounterStep => ({
  tenantId,
  employeeId,
  delta,
});

describe('sumCounterDeltas', () => {
  it('sums per advocate and orders by tenant, then employee', () => {
    const sums = sumCounterDeltas([
      step('t2', 'alice', counters(1, 0, 0)),
      step('t1', 'bob', counters(0, 10, 0)),
      step('t1', 'alice', counters(0, 0, 1)),
      step('t1', 'bob', counters(1, -4, 0)),
      step('t2', 'alice', counters(1, 5, 0)),
    ]);
    expect(sums.map(({ tenantId, employeeId, delta }) => [tenantId, employeeId, delta])).toEqual([
      ['t1', 'alice', counters(0, 0, 1)],
      ['t1', 'bob', counters(1, 6, 0)],
      ['t2', 'alice', counters(2, 5, 0)],
    ]);
  });

  it('keeps tenant and employee apart even when their concatenation is the same', () => {
    const sums = sumCounterDeltas([step('t1', 'xa', counters(1, 0, 0)), step('t1x', 'a', counters(1, 0, 0))]);
    expect(sums).toHaveLength(2);
  });
});

describe('countersAfterEachStep', () => {
  it('replays the batch from the totals after it, as one upsert per event would have returned', () => {
    const steps = [
      step('t1', 'alice', counters(1, 0, 0)),
      step('t1', 'bob', counters(0, 60, 0)),
      step('t1', 'alice', counters(0, 50, 0)),
      step('t1', 'alice', counters(0, -50, 0)),
      step('t1', 'alice', counters(0, 0, 1)),
    ];
    const totals = new Map([
      [advocateKey('t1', 'alice'), counters(10, 95, 3)],
      [advocateKey('t1', 'bob'), counters(0, 60, 0)],
    ]);
    expect(countersAfterEachStep(steps, totals)).toEqual([
      counters(10, 95, 2),
      counters(0, 60, 0),
      counters(10, 145, 2),
      counters(10, 95, 2),
      counters(10, 95, 3),
    ]);
  });

  it('returns nothing for an empty batch', () => {
    expect(countersAfterEachStep([], new Map())).toEqual([]);
  });
});
