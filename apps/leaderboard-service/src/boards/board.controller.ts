import { Controller, Get } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, BoardQuery, BoardScope, TOPICS } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, ZodParam, ZodQuery } from '@advocacy/platform';
import { BoardEntry, BoardService } from './board.service';

@Controller()
export class BoardController {
  constructor(private readonly boards: BoardService) {}

  @Get('api/v1/leaderboards/:scope')
  @ApiDoc({ summary: 'A board: rank, employee and points, best first' })
  async board(
    @Auth() auth: AuthContext,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodQuery(BoardQuery) query: BoardQuery,
  ): Promise<{ scope: string; period: string; entries: BoardEntry[] }> {
    return { scope, period: query.period, entries: await this.boards.board(auth.tenantId, scope, query) };
  }

  @EventPattern(TOPICS.points.name)
  onPoints(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.boards.apply(envelopes);
  }
}
