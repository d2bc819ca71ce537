import { groupBy } from './collections';

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
