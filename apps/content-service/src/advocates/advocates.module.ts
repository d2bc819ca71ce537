import { Module } from '@nestjs/common';
import { AdvocatesController } from './advocates.controller';
import { AdvocatesRepository } from './advocates.repository';
import { AdvocatesService } from './advocates.service';

@Module({
  controllers: [AdvocatesController],
  providers: [AdvocatesService, AdvocatesRepository],
  exports: [AdvocatesService, AdvocatesRepository],
})
export class AdvocatesModule {}
