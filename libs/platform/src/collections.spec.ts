import { groupBy, mergeBy } from './collections';

describe('groupBy', () => {
  it.each([
    { items: [], expected: [] },
    { items: ['a1'], expected: [['a', ['a1']]] },
    {
      items: ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'],
      expected: [
        ['a', ['a1', 'a2', 'a3']],
        ['b', ['b1', 'b2']],
        ['c', ['c1']],
      ],
    },
  ])('groups $items by their first letter, in first-seen order', ({ items, expected }) => {
    expect([...groupBy(items, (item) => item[0])]).toEqual(expected);
  });

  it('keeps equal items apart and takes any iterable', () => {
    const grouped = groupBy(new Set([1, 2, 3, 4, 5]), (n) => n % 2 === 0);
    expect(grouped.get(true)).toEqual([2, 4]);
    expect(grouped.get(false)).toEqual([1, 3, 5]);
  });

  it('is linear in the group size (100,000 items of one key)', () => {
    const items = Array.from({ length: 100_000 }, (_, index) => index);
    const grouped = groupBy(items, () => 'one');
    expect(grouped.get('one')).toHaveLength(100_000);
    expect(grouped.get('one')?.[99_999]).toBe(99_999);
  });
});

describe('mergeBy', () => {
  const sum = (a: { key: string; n: number }, b: { key: string; n: number }) => ({
    key: a.key,
    n: a.n + b.n,
  });
  it.each([
    { items: [], expected: [] },
    { items: [{ key: 'a', n: 1 }], expected: [{ key: 'a', n: 1 }] },
    {
      items: [
        { key: 'b', n: 1 },
        { key: 'a', n: 2 },
        { key: 'b', n: 3 },
        { key: 'a', n: 4 },
      ],
      expected: [
        { key: 'b', n: 4 },
        { key: 'a', n: 6 },
      ],
    },
  ])('folds $items per key in first-seen order', ({ items, expected }) => {
    expect(mergeBy(items, (item) => item.key, sum)).toEqual(expected);
  });

  it('leaves the items it was given unchanged', () => {
    const items = [
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
    ];
    mergeBy(items, (item) => item.key, sum);
    expect(items).toEqual([
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
    ]);
  });
});
