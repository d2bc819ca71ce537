import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CreateAdjustmentBody, EmployeeId, PointsHistoryQuery, PointsSummary } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam, ZodQuery } from '@advocacy/platform';
import { AdjustmentService } from './adjustment.service';
import { PointsReader } from './points-reader.service';

@Controller('api/v1/points')
export class PointsController {
  constructor(
    private readonly reader: PointsReader,
    private readonly adjustments: AdjustmentService,
  ) {}

  @Get('me')
  @ApiDoc({
    summary: 'My points: total, this day/week/month, level and the explained history',
    response: PointsSummary,
  })
  me(
    @Auth() auth: AuthContext,
    @ZodQuery(PointsHistoryQuery) query: PointsHistoryQuery,
  ): Promise<PointsSummary> {
    return this.reader.me(auth, query);
  }

  @Post('adjustments')
  @HttpCode(201)
  @Roles('admin')
  @ApiDoc({ summary: 'Manual award or correction with a mandatory reason; records who made it' })
  adjust(@Auth() auth: AuthContext, @ZodBody(CreateAdjustmentBody) body: CreateAdjustmentBody) {
    return this.adjustments.create(auth, body);
  }

  @Get(':employeeId')
  @Roles('coach')
  @ApiDoc({ summary: "An advocate's points, for admins and the advocate's coach", response: PointsSummary })
  of(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
    @ZodQuery(PointsHistoryQuery) query: PointsHistoryQuery,
  ): Promise<PointsSummary> {
    return this.reader.of(auth, employeeId, query);
  }
}
