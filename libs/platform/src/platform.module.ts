import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { authSettings } from './auth/auth-config';
import { DeactivatedAdvocates } from './auth/deactivated';
import { AUTH_SECRET, AuthGuard, AuthTokenFactory } from './auth/guard';
import { TokenVerifier } from './auth/token-verifier';
import { APP_CONFIG, BaseEnv } from './config';
import { Clock, IdGenerator, SystemClock, UuidGenerator } from './clock';
import { ErrorFilter } from './errors';
import { HealthController, HealthRegistry } from './health';
import { createLogger, loggerModule, ROOT_LOGGER } from './logging';
import { createMetricsRegistry, METRICS_REGISTRY, MetricsController } from './metrics';
import { OpenApiBuilder, OpenApiController, SERVICE_NAME } from './openapi';
import { ClientRateGuard, PrincipalRateGuard, RateLimits } from './rate-limit';
import { JsonBodyInterceptor } from './request-body';

export interface PlatformOptions {
  service: string;
  config: BaseEnv;
  clock?: Clock;
  /** Default process metrics are off when several services share a process (tests). */
  collectDefaultMetrics?: boolean;
}

/** Config, auth, errors, health, metrics and OpenAPI: what every service has. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const logger = createLogger(options.service, options.config.LOG_LEVEL);
    const settings = authSettings(options.config);
    return {
      module: PlatformModule,
      imports: [DiscoveryModule, loggerModule(logger), TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController, OpenApiController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: AUTH_SECRET,
          useValue: settings.development?.secret ?? null,
        },
        { provide: TokenVerifier, useValue: new TokenVerifier(settings) },
        DeactivatedAdvocates,
        {
          provide: METRICS_REGISTRY,
          useFactory: () => createMetricsRegistry(options.service, options.collectDefaultMetrics ?? true),
        },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: IdGenerator, useClass: UuidGenerator },
        HealthRegistry,
        AuthTokenFactory,
        OpenApiBuilder,
        RateLimits,
        // in this order: per address (and failed sign-ins) first, then the token, then per token
        { provide: APP_GUARD, useClass: ClientRateGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PrincipalRateGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
      ],
      exports: [
        APP_CONFIG,
        SERVICE_NAME,
        ROOT_LOGGER,
        AUTH_SECRET,
        METRICS_REGISTRY,
        Clock,
        IdGenerator,
        HealthRegistry,
        AuthTokenFactory,
        TokenVerifier,
        DeactivatedAdvocates,
        RateLimits,
      ],
    };
  }
}
