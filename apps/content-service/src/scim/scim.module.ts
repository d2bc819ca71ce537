import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { json } from 'express';
import { AdvocatesModule } from '../advocates/advocates.module';
import { ScimAdminController, ScimController } from './scim.controller';
import { ScimRepository } from './scim.repository';
import { ScimService } from './scim.service';

@Module({
  imports: [AdvocatesModule],
  controllers: [ScimController, ScimAdminController],
  providers: [ScimService, ScimRepository],
})
export class ScimModule implements NestModule {
  /** Provisioning clients send `application/scim+json` (RFC 7644 §3.1), which the JSON parser skips. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(json({ type: ['application/scim+json'], limit: '1mb' })).forRoutes('scim/*path');
  }
}
