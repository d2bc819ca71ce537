import { Controller, Get, Post, Put } from '@nestjs/common';
import { AnalyticsQuery, BaselineProgressQuery, CreateBaselineBody, EmvSettings } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodQuery } from '@advocacy/platform';
import { AnalyticsService, BaselineView, EmvView, SummaryView } from './analytics.service';

@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('summary')
  @ApiDoc({
    summary: 'Shares, clicks, engagement, reach, participation and EMV of a period, optionally grouped',
  })
  summary(@Auth() auth: AuthContext, @ZodQuery(AnalyticsQuery) query: AnalyticsQuery): Promise<SummaryView> {
    return this.analytics.summary(auth, query);
  }

  @Get('emv')
  @Roles('admin')
  @ApiDoc({ summary: 'Earned media value settings of the tenant (defaults until set), with the formula' })
  emv(@Auth() auth: AuthContext): Promise<EmvView> {
    return this.analytics.emv(auth.tenantId);
  }

  @Put('emv')
  @Roles('admin')
  @ApiDoc({ summary: 'Replace the earned media value settings of the tenant' })
  saveEmv(@Auth() auth: AuthContext, @ZodBody(EmvSettings) body: EmvSettings): Promise<EmvView> {
    return this.analytics.saveEmv(auth.tenantId, body);
  }
}

@Controller('api/v1/baseline')
@Roles('admin')
export class BaselineController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Post()
  @ApiDoc({ summary: 'Record the baseline (0-measurement): freeze a period, or enter figures by hand' })
  create(
    @Auth() auth: AuthContext,
    @ZodBody(CreateBaselineBody) body: CreateBaselineBody,
  ): Promise<BaselineView> {
    return this.analytics.createBaseline(auth, body);
  }

  @Get()
  @ApiDoc({ summary: 'The latest baseline of the tenant' })
  latest(@Auth() auth: AuthContext): Promise<BaselineView> {
    return this.analytics.baseline(auth.tenantId);
  }

  @Get('progress')
  @ApiDoc({ summary: 'Figures of a period against the baseline, absolute and in percent' })
  progress(@Auth() auth: AuthContext, @ZodQuery(BaselineProgressQuery) query: BaselineProgressQuery) {
    return this.analytics.progress(auth, query);
  }
}
