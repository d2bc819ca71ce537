import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import {
  AroundQuery,
  AroundResponse,
  BoardQuery,
  BoardResponse,
  BoardScope,
  EmployeeId,
  RankQuery,
  RankResponse,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, gone, Roles, ZodParam, ZodQuery } from '@advocacy/platform';
import { BoardService } from './board.service';

const tenantSettingsMoved = () =>
  gone(
    'moved_to_tenant_settings',
    "the tenant's time zone is set once, with PUT /api/v1/tenant/settings (content service), for every service",
  );

@Controller('api/v1/leaderboards')
export class BoardController {
  constructor(private readonly boards: BoardService) {}

  /** Removed: the tenant's time zone and week start are the content service's tenant settings. */
  @Get('settings')
  @ApiDoc({ summary: 'Removed (410): read GET /api/v1/tenant/settings on the content service' })
  settings(): never {
    throw tenantSettingsMoved();
  }

  @Put('settings')
  @ApiDoc({
    summary: 'Removed (410): set the time zone with PUT /api/v1/tenant/settings on the content service',
  })
  setSettings(): never {
    throw tenantSettingsMoved();
  }

  @Put('hidden/:employeeId')
  @Roles('admin')
  @HttpCode(204)
  @ApiDoc({ summary: 'Hide an advocate from every board (privacy opt-out); their points are kept' })
  hide(@Auth() auth: AuthContext, @ZodParam('employeeId', EmployeeId) employeeId: string): Promise<void> {
    return this.boards.setHidden(auth.tenantId, employeeId, true);
  }

  @Delete('hidden/:employeeId')
  @Roles('admin')
  @HttpCode(204)
  @ApiDoc({ summary: 'Show a hidden advocate on the boards again, with the points they kept' })
  show(@Auth() auth: AuthContext, @ZodParam('employeeId', EmployeeId) employeeId: string): Promise<void> {
    return this.boards.setHidden(auth.tenantId, employeeId, false);
  }

  @Get(':scope')
  @ApiDoc({
    summary: 'A board: rank, advocate, display name, team and points, best first',
    response: BoardResponse,
  })
  board(
    @Auth() auth: AuthContext,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodQuery(BoardQuery) query: BoardQuery,
  ): Promise<BoardResponse> {
    return this.boards.board(auth.tenantId, scope, query);
  }

  @Get(':scope/rank/:id')
  @ApiDoc({
    summary: 'Rank, points, gap to the next rank and board size of one advocate (or team); 404 when absent',
    response: RankResponse,
  })
  rank(
    @Auth() auth: AuthContext,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodParam('id', EmployeeId) id: string,
    @ZodQuery(RankQuery) query: RankQuery,
  ): Promise<RankResponse> {
    return this.boards.rank(auth.tenantId, scope, id, query);
  }

  @Get(':scope/around/:id')
  @ApiDoc({
    summary: 'The rows around one advocate (or team), `radius` each side; 404 when absent',
    response: AroundResponse,
  })
  around(
    @Auth() auth: AuthContext,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodParam('id', EmployeeId) id: string,
    @ZodQuery(AroundQuery) query: AroundQuery,
  ): Promise<AroundResponse> {
    return this.boards.around(auth.tenantId, scope, id, query);
  }
}
