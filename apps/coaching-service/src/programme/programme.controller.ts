import { Controller, Get, Res } from '@nestjs/common';
import { SpreadQuery, SpreadView } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodQuery } from '@advocacy/platform';
import type { Response } from 'express';
import { spreadCsv } from './spread.rules';
import { SpreadService } from './spread.service';

@Controller('api/v1/programme')
export class ProgrammeController {
  constructor(private readonly spread: SpreadService) {}

  @Get('spread')
  @Roles('admin')
  @ApiDoc({
    summary:
      'Participation (active / members) per team and tenant week against the baseline, HERO teams against the others; ?format=csv for text/csv (admin)',
    response: SpreadView,
  })
  async spreadView(
    @Auth() auth: AuthContext,
    @ZodQuery(SpreadQuery) query: SpreadQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SpreadView | string> {
    const view = await this.spread.view(auth.tenantId, query.weeks);
    if (query.format === 'json') return view;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="programme-spread.csv"');
    return spreadCsv(view);
  }
}
