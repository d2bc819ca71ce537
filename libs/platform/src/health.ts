import { Controller, Get, Injectable, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from './auth/guard';
import { ApiDoc } from './validation';

export type ReadinessCheck = () => Promise<void>;

/**
 * Modules register what readiness depends on (Postgres, Redis, Kafka); /health/ready runs them all
 * through terminus, each with a timeout, and is ready only when every one answers.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly indicators: HealthIndicatorService) {}

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  indicatorFunctions(timeoutMs = 2000): HealthIndicatorFunction[] {
    return [...this.checks.entries()].map(([name, check]) => async () => {
      const session = this.indicators.check(name);
      try {
        await withTimeout(check(), timeoutMs);
        return session.up();
      } catch (error) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: HealthRegistry,
  ) {}

  @Get('live')
  @ApiDoc({ summary: 'Liveness: the process answers', tags: ['Health'] })
  live() {
    return { status: 'ok' };
  }

  /** terminus answers 503 by throwing; the body keeps its shape (`status`, `info`, `error`, `details`). */
  @Get('ready')
  @HealthCheck()
  @ApiDoc({
    summary: 'Readiness: Postgres, Redis and Kafka answer (terminus)',
    tags: ['Health'],
    responses: { 503: 'a dependency is down; the body says which' },
    errorContentType: 'application/json',
  })
  async ready(@Res() response: Response) {
    try {
      response.status(200).json(await this.health.check(this.registry.indicatorFunctions()));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503).json(error.getResponse());
    }
  }
}
