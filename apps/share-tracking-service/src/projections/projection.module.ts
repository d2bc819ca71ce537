import { Global, Module } from '@nestjs/common';
import { LinkModule } from '../links/link.module';
import { ProjectionConsumer } from './projection.consumer';
import { ProjectionRepository } from './projection.repository';

@Global()
@Module({
  imports: [LinkModule],
  controllers: [ProjectionConsumer],
  providers: [ProjectionRepository],
  exports: [ProjectionRepository],
})
export class ProjectionModule {}
