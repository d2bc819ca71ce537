import { Module } from '@nestjs/common';
import { AdvocatesController } from './advocates.controller';
import { AdvocatesRepository } from './advocates.repository';
import { AdvocatesService } from './advocates.service';
import { DirectoryService } from './directory.service';

@Module({
  controllers: [AdvocatesController],
  providers: [AdvocatesService, AdvocatesRepository, DirectoryService],
  exports: [AdvocatesService, AdvocatesRepository, DirectoryService],
})
export class AdvocatesModule {}
