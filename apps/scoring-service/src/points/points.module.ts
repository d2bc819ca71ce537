import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import { PointsConsumer } from './points.consumer';
import { PointsService } from './points.service';

@Module({
  controllers: [PointsConsumer],
  providers: [PointsService, LedgerRepository],
})
export class PointsModule {}
