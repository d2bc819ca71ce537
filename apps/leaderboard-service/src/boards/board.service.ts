import { Injectable } from '@nestjs/common';
import { AnyEnvelope, BoardQuery } from '@advocacy/contracts';
import { boardKey, seenKey } from './board-keys';
import { BoardStore } from './board.store';

export interface BoardEntry {
  rank: number;
  employeeId: string;
  points: number;
}

@Injectable()
export class BoardService {
  constructor(private readonly store: BoardStore) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    for (const envelope of envelopes) {
      if (envelope.type !== 'points.awarded') continue;
      const { employeeId, points } = envelope.payload;
      await this.store.applyPoints(
        seenKey(envelope.tenantId),
        [boardKey(envelope.tenantId, 'global', 'all')],
        envelope.id,
        points,
        employeeId,
      );
    }
  }

  async board(tenantId: string, scope: string, query: BoardQuery): Promise<BoardEntry[]> {
    const rows = await this.store.top(boardKey(tenantId, scope, query.period), query.offset, query.limit);
    return rows.map((row, index) => ({ rank: query.offset + index + 1, ...row }));
  }
}
