import { Module } from '@nestjs/common';
import { ClickRecorder } from './click-recorder';
import { LinkCache } from './link-cache';
import { LinkRepository } from './link.repository';
import { RedirectController } from './redirect.controller';

@Module({
  controllers: [RedirectController],
  providers: [LinkRepository, LinkCache, ClickRecorder],
  exports: [LinkCache],
})
export class LinkModule {}
