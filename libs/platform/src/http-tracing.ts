import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { tracerOf } from './tracing';

/**
 * The route template of a request (`/api/v1/shares/:id`), never the raw path; `unmatched` for 404s.
 * Middleware applied to every route (nestjs-pino's) is mounted as `/{*path}`: that one matched nothing.
 */
export function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('{*') ? `${request.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * The server span of a request. With the http instrumentation loaded (main.ts) it already opened one
 * and this only names it after the route; where it is not (tests run in Jest, whose loader it cannot
 * patch) this opens the span itself, continuing the caller's `traceparent`.
 */
export function httpTracing(service: string) {
  const tracer = tracerOf(service);
  return (request: Request, response: Response, next: NextFunction): void => {
    const existing = trace.getSpan(context.active());
    if (existing) {
      response.once('finish', () => existing.updateName(`${request.method} ${routeOf(request)}`));
      next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': request.path },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routeOf(request);
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
