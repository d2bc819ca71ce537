import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { Public } from './auth/guard';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** One registry per application instance, so several services can share a process in tests. */
export function createMetricsRegistry(service: string, collectDefaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}

export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return (
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}
export function gauge(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return (
    (registry.getSingleMetric(name) as Gauge<string> | undefined) ??
    new Gauge({ name, help, labelNames, registers: [registry] })
  );
}
export function histogram(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
) {
  return (
    (registry.getSingleMetric(name) as Histogram<string> | undefined) ??
    new Histogram({ name, help, labelNames, buckets, registers: [registry] })
  );
}

@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly latency: Histogram<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.latency = histogram(registry, 'http_request_duration_seconds', 'HTTP request latency', [
      'method',
      'route',
      'status',
    ]);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const stop = this.latency.startTimer({ method: request.method });
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unknown';
    const finish = () => stop({ route, status: String(response.statusCode) });
    response.once('finish', finish);
    return next.handle().pipe(tap({ error: () => undefined }));
  }
}

@Public()
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
