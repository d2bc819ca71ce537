import { Module } from '@nestjs/common';
import { PatternPool } from '@advocacy/guidelines';
import { ContentModule } from '../content/content.module';
import { GuidelinesController } from './guidelines.controller';
import { GuidelinesRepository } from './guidelines.repository';
import { GuidelinesService } from './guidelines.service';

@Module({
  imports: [ContentModule],
  controllers: [GuidelinesController],
  providers: [
    GuidelinesService,
    GuidelinesRepository,
    { provide: PatternPool, useFactory: () => new PatternPool().warm() },
  ],
})
export class GuidelinesModule {}
