import { percentile, summarize } from './stats';

describe('bench statistics', () => {
  it.each([
    [[5, 1, 3], 50, 3],
    [[5, 1, 3], 99, 5],
    [[42], 1, 42],
  ])('percentile of %j at p%i is %i', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('summarises half a million samples without overflowing the stack', () => {
    const samples = Array.from({ length: 500_000 }, (_, index) => index % 1000);
    expect(summarize(samples)).toMatchObject({ count: 500_000, max: 999, p50: 499 });
  });

  it('has nothing to say about no samples', () => {
    expect(summarize([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});
