import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module';
import { GuidelinesController } from './guidelines.controller';
import { GuidelinesRepository } from './guidelines.repository';
import { GuidelinesService } from './guidelines.service';

@Module({
  imports: [ContentModule],
  controllers: [GuidelinesController],
  providers: [GuidelinesService, GuidelinesRepository],
})
export class GuidelinesModule {}
