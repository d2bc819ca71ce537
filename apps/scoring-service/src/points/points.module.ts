import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { AdjustmentService } from './adjustment.service';
import { LedgerExportController } from './ledger-export.controller';
import { LedgerRepository } from './ledger.repository';
import { PointsReader } from './points-reader.service';
import { PointsConsumer } from './points.consumer';
import { PointsController } from './points.controller';
import { PointsService } from './points.service';
import { ProjectionsRepository } from './projections.repository';
import { ScoringStateRepository } from './scoring-state.repository';

@Module({
  imports: [RulesModule],
  controllers: [PointsConsumer, PointsController, LedgerExportController],
  providers: [
    PointsService,
    PointsReader,
    AdjustmentService,
    LedgerRepository,
    ScoringStateRepository,
    ProjectionsRepository,
  ],
})
export class PointsModule {}
