import { Module } from '@nestjs/common';
import { ShareModule } from '../shares/share.module';
import { EngagementController } from './engagement.controller';
import { EngagementRepository } from './engagement.repository';
import { EngagementService } from './engagement.service';

@Module({
  imports: [ShareModule],
  controllers: [EngagementController],
  providers: [EngagementService, EngagementRepository],
})
export class EngagementModule {}
