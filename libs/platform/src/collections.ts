/**
 * Groups items by a key, keeping each group's items in their original order. Linear: appending
 * with `[...(map.get(key) ?? []), item]` copies the group on every item, quadratic in the group's
 * size (a batch of 5,000 events of one tenant made 12.5 million copies in the coaching consumer).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
