import { DEFAULT_LEVELS } from '@advocacy/contracts';
import { levelFor, levelReached } from './levels';

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

describe('levelReached', () => {
  it.each([
    ['0 → 99 stays Starter', 0, 99, null],
    ['95 → 105 reaches Contributor', 95, 105, 'Contributor'],
    ['exactly on the threshold', 99, 100, 'Contributor'],
    ['already there', 100, 140, null],
    ['a jump over two levels names the highest', 90, 300, 'Advocate'],
    ['a reversal falls back: nothing to celebrate', 260, 240, null],
    ['climbing back after a reversal counts again', 240, 260, 'Advocate'],
  ])('%s', (_label, before, after, name) => {
    expect(levelReached(before, after, DEFAULT_LEVELS)?.name ?? null).toBe(name);
  });
});
