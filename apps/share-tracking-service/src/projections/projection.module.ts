import { Global, Module } from '@nestjs/common';
import { ProjectionConsumer } from './projection.consumer';
import { ProjectionRepository } from './projection.repository';

@Global()
@Module({
  controllers: [ProjectionConsumer],
  providers: [ProjectionRepository],
  exports: [ProjectionRepository],
})
export class ProjectionModule {}
