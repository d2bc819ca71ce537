import { Module } from '@nestjs/common';
import { PatternPool } from '@advocacy/guidelines';
import { LinkModule } from '../links/link.module';
import { ShareController } from './share.controller';
import { ShareRepository } from './share.repository';
import { ShareService } from './share.service';

@Module({
  imports: [LinkModule],
  controllers: [ShareController],
  providers: [
    ShareService,
    ShareRepository,
    { provide: PatternPool, useFactory: () => new PatternPool().warm() },
  ],
  exports: [ShareRepository],
})
export class ShareModule {}
