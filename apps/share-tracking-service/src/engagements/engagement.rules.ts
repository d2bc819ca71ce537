/**
 * Networks report cumulative counts. The delta is what this observation adds above the highest count
 * seen before; a lower count (an unlike, a deleted comment) adds nothing and is not taken back.
 */
export function engagementDelta(highestBefore: number | null, observed: number): number {
  return Math.max(0, observed - (highestBefore ?? 0));
}
