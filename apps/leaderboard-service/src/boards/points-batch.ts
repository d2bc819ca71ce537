import { BoardTarget } from './board-keys';

/** One board of a batch: the target and the arguments the batch script reads for it. */
export interface BatchBoard {
  /** `scope:period:bucket`, unique within the batch. */
  id: string;
  target: BoardTarget;
}

/** One event of a batch with the positions (1-based, as Lua counts) of the boards it touches. */
export interface BatchEvent<C> {
  change: C;
  boardIndexes: number[];
}

export interface PointsBatchPlan<C> {
  boards: BatchBoard[];
  events: BatchEvent<C>[];
}

/**
 * Lays out a batch for the one-script-per-batch path: every board the batch touches once, in order
 * of first use, and each event as indexes into that list. The script then sums the deltas of one
 * member on one board and writes each (board, member) once, with every key and expiry set once.
 */
export function planPointsBatch<C extends { boards: readonly BoardTarget[] }>(
  changes: readonly C[],
): PointsBatchPlan<C> {
  const positions = new Map<string, number>();
  const boards: BatchBoard[] = [];
  const events = changes.map((change) => ({
    change,
    boardIndexes: change.boards.map((target) => {
      const id = `${target.scope}:${target.period}:${target.bucket}`;
      let position = positions.get(id);
      if (position === undefined) {
        boards.push({ id, target });
        position = boards.length;
        positions.set(id, position);
      }
      return position;
    }),
  }));
  return { boards, events };
}

/** Splits a list into consecutive chunks of at most `size`, so one script call stays short. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
