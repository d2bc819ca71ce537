import { BoardTarget } from '../boards/board-keys';

/** One ledger line as the boards see it: whose points, how many, on which boards. */
export interface LedgerPoints {
  employeeId: string;
  teamId: string | null;
  points: number;
  boards: readonly BoardTarget[];
}

export interface MemberDrift {
  board: string;
  member: string;
  ledger: number;
  boardPoints: number;
}

/**
 * What the boards should hold, from the ledger: per board (scope:period:bucket) and member, the sum
 * of its lines. Boards whose bucket has expired (`expireAt` before `nowSeconds`) are left out, since
 * Redis dropped them on purpose.
 */
export function expectedBoards(
  lines: Iterable<LedgerPoints>,
  nowSeconds: number,
): Map<string, Map<string, number>> {
  const boards = new Map<string, Map<string, number>>();
  for (const line of lines) {
    for (const target of line.boards) {
      if (target.expireAt !== 0 && target.expireAt <= nowSeconds) continue;
      const member = target.kind === 'team' ? line.teamId : line.employeeId;
      if (!member) continue;
      const name = `${target.scope}:${target.period}:${target.bucket}`;
      const members = boards.get(name) ?? new Map<string, number>();
      members.set(member, (members.get(member) ?? 0) + line.points);
      boards.set(name, members);
    }
  }
  return boards;
}

/** Every member whose board points differ from the ledger, on any board of either side. */
export function driftOf(
  expected: ReadonlyMap<string, ReadonlyMap<string, number>>,
  actual: ReadonlyMap<string, ReadonlyMap<string, number>>,
): MemberDrift[] {
  const drift: MemberDrift[] = [];
  const names = new Set([...expected.keys(), ...actual.keys()]);
  for (const board of [...names].sort()) {
    const want = expected.get(board) ?? new Map<string, number>();
    const have = actual.get(board) ?? new Map<string, number>();
    for (const member of [...new Set([...want.keys(), ...have.keys()])].sort()) {
      const ledger = want.get(member) ?? 0;
      const points = have.get(member) ?? 0;
      if (ledger !== points) drift.push({ board, member, ledger, boardPoints: points });
    }
  }
  return drift;
}

export const driftPoints = (drift: readonly MemberDrift[]) =>
  drift.reduce((sum, item) => sum + Math.abs(item.ledger - item.boardPoints), 0);
