import { DEFAULT_LEVELS } from '@advocacy/contracts';
import { levelFor } from './levels';

describe('levelFor', () => {
  it.each([
    [0, 1, 'Starter', 100],
    [-20, 1, 'Starter', 100],
    [99, 1, 'Starter', 100],
    [100, 2, 'Contributor', 250],
    [249, 2, 'Contributor', 250],
    [250, 3, 'Advocate', 500],
    [999, 4, 'Champion', 1000],
    [1000, 5, 'Ambassador', 2500],
    [2500, 6, 'Legend', null],
    [1_000_000, 6, 'Legend', null],
  ])('%i points is level %i (%s), next at %s', (total, number, name, nextAt) => {
    expect(levelFor(total, DEFAULT_LEVELS)).toMatchObject({ number, name, nextAt });
  });
});
