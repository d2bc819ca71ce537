import { DynamicModule, Module, Type } from '@nestjs/common';
import { serviceInfrastructure, ServiceInfrastructureOptions } from './service-infrastructure';

/** The root module of every service; each application builds it afresh with its own imports. */
@Module({})
export class ServiceAppModule {}

export interface ServiceAppModuleOptions extends ServiceInfrastructureOptions {
  /** The service's own modules. */
  features: (DynamicModule | Type)[];
}

/** A service's root module: the shared infrastructure (platform, database, Redis, Kafka) and its features. */
export function serviceAppModule(options: ServiceAppModuleOptions): DynamicModule {
  const { features, ...infrastructure } = options;
  return {
    module: ServiceAppModule,
    imports: [...serviceInfrastructure(infrastructure), ...features],
  };
}
