import { engagementDelta } from './engagement.rules';

describe('engagementDelta', () => {
  it.each<[number | null, number, number]>([
    [null, 0, 0],
    [null, 5, 5],
    [5, 8, 3],
    [8, 8, 0],
    [8, 6, 0],
    [8, 10, 2],
  ])('highest before %s, observed %i → %i', (before, observed, delta) => {
    expect(engagementDelta(before, observed)).toBe(delta);
  });
});
