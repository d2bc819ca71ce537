import { compareAsRedisReverse, decodeMember, encodeMember, REACHED_MAX, Standing } from './tie-encoding';

describe('tie encoding', () => {
  it.each([
    ['alice', 0],
    ['bob@corp', 1],
    ['x', 123_456_789],
    ['team.sales', REACHED_MAX],
  ])('round-trips %s at reachedAt %d', (id, reachedAt) => {
    expect(decodeMember(encodeMember(id, reachedAt))).toEqual({ id, reachedAt });
  });

  it.each([[-1], [REACHED_MAX + 1], [1.5]])('rejects reachedAt %d', (reachedAt) => {
    expect(() => encodeMember('a', reachedAt)).toThrow(RangeError);
  });

  const order = (standings: Standing[]) => [...standings].sort(compareAsRedisReverse).map((s) => s.id);

  it.each<[string, Standing[], string[]]>([
    [
      'more points first',
      [
        { id: 'a', points: 5, reachedAt: 1 },
        { id: 'b', points: 7, reachedAt: 2 },
      ],
      ['b', 'a'],
    ],
    [
      'equal points: who got there first',
      [
        { id: 'late', points: 10, reachedAt: 9 },
        { id: 'early', points: 10, reachedAt: 3 },
      ],
      ['early', 'late'],
    ],
    [
      'the id never breaks a tie when the times differ',
      [
        { id: 'zzz', points: 10, reachedAt: 2 },
        { id: 'aaa', points: 10, reachedAt: 1 },
      ],
      ['aaa', 'zzz'],
    ],
    [
      'times of different lengths compare as numbers',
      [
        { id: 'a', points: 1, reachedAt: 10 },
        { id: 'b', points: 1, reachedAt: 9 },
        { id: 'c', points: 1, reachedAt: 100 },
      ],
      ['b', 'a', 'c'],
    ],
    [
      'exact beyond 10^9 points',
      [
        { id: 'a', points: 1_000_000_001, reachedAt: 5 },
        { id: 'b', points: 1_000_000_000, reachedAt: 1 },
        { id: 'c', points: 1_000_000_001, reachedAt: 4 },
      ],
      ['c', 'a', 'b'],
    ],
    [
      'real instants: milliseconds apart still decide',
      [
        { id: 'a', points: 10, reachedAt: Date.parse('2026-03-29T12:00:00.001Z') },
        { id: 'b', points: 10, reachedAt: Date.parse('2026-03-29T12:00:00.000Z') },
      ],
      ['b', 'a'],
    ],
    [
      'the same millisecond falls back to the id, deterministically',
      [
        { id: 'a', points: 10, reachedAt: 5 },
        { id: 'b', points: 10, reachedAt: 5 },
      ],
      ['b', 'a'],
    ],
    [
      'exact near 2^53',
      [
        { id: 'a', points: 2 ** 53 - 2, reachedAt: 1 },
        { id: 'b', points: 2 ** 53 - 1, reachedAt: 2 },
      ],
      ['b', 'a'],
    ],
  ])('%s', (_name, standings, expected) => {
    expect(order(standings)).toEqual(expected);
  });

  it('keeps the prefix a fixed width so byte order equals numeric order', () => {
    expect(encodeMember('a', 1)).toHaveLength(encodeMember('a', REACHED_MAX).length);
  });
});
