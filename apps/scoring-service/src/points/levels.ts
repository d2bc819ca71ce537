export interface Level {
  number: number;
  name: string;
  minPoints: number;
  /** Points at which the next level starts; null at the top level. */
  nextAt: number | null;
}

/** The level a total reaches; `levels` ascend by minPoints and start at 0 (the rules schema checks). */
export function levelFor(total: number, levels: readonly { name: string; minPoints: number }[]): Level {
  let index = 0;
  for (let i = 0; i < levels.length; i += 1) if (total >= levels[i].minPoints) index = i;
  const next = levels[index + 1];
  return {
    number: index + 1,
    name: levels[index].name,
    minPoints: levels[index].minPoints,
    nextAt: next?.minPoints ?? null,
  };
}

/**
 * The level a batch of entries moved a total into, when it is higher than the level before: a jump
 * over several levels names the highest; falling back (reversals) or staying names none.
 */
export function levelReached(
  before: number,
  after: number,
  levels: readonly { name: string; minPoints: number }[],
): Level | null {
  const from = levelFor(before, levels);
  const to = levelFor(after, levels);
  return to.number > from.number ? to : null;
}
