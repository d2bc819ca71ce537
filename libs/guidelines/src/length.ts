import type { Network } from '@advocacy/contracts';

/**
 * Network limits in Unicode code points. X weighs some characters double and counts every link as 23;
 * we count what is typed, so a post near the limit may still be cut by X itself.
 */
export const DEFAULT_MAX_LENGTH: Record<Network, number> = {
  x: 280,
  linkedin: 3000,
  facebook: 63206,
  instagram: 2200,
  xing: 3000,
};

export interface LengthExcess {
  /** Code points in the text. */
  length: number;
  /** UTF-16 offset of the first code point past the limit. */
  overflowAt: number;
}

export function measureExcess(text: string, limit: number): LengthExcess | null {
  let length = 0;
  let overflowAt = -1;
  let offset = 0;
  for (const cp of text) {
    length++;
    if (length === limit + 1) overflowAt = offset;
    offset += cp.length;
  }
  return overflowAt === -1 ? null : { length, overflowAt };
}
