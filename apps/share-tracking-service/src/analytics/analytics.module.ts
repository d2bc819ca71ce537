import { Module } from '@nestjs/common';
import { AnalyticsController, BaselineController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

@Module({
  controllers: [AnalyticsController, BaselineController],
  providers: [AnalyticsService, AnalyticsRepository],
})
export class AnalyticsModule {}
