/**
 * OpenTelemetry tracing. Import only OpenTelemetry here: main.ts loads this file before anything
 * else, so the http, express, pg and ioredis instrumentations patch those modules before they load.
 *
 * Kafka spans are ours (libs/messaging), not the kafkajs instrumentation's: that one parents each
 * sent message on the context of the `send` call, but the outbox relay sends rows of many requests
 * in one batch, long after those requests ended. The relay parents each message on the traceparent
 * its row captured in the request's transaction instead, and the consumer continues from there.
 *
 * Export is off unless `OTEL_TRACES_EXPORTER=otlp` (or `console`): spans are then not recorded at
 * all, but every request and event still gets trace and span ids, for the logs and the headers.
 */
import {
  Context,
  context,
  Link,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

export const TracingEnv = z.object({
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of new traces recorded when exporting (parent-based: a sampled parent is always followed). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export interface TracingOptions {
  service: string;
  env?: NodeJS.ProcessEnv;
  /** Used instead of the exporter the environment selects (tests: an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
  /** Patch http, express, pg and ioredis. Jest's module loader bypasses the patching: tests pass false. */
  instrument?: boolean;
  /**
   * The service's hot read paths (board reads, the redirect): a request on one gets no server span,
   * nor pg/ioredis spans under it, unless the caller sent a `traceparent`. Even unrecorded, the http
   * instrumentation cost a third of such a request (bench: board reads 2,800 → 4,100 req/s without
   * it); their latency is in `http_request_duration_seconds`, and a caller who wants one traced sends
   * the header.
   */
  hotPath?: (request: { method?: string; url?: string }) => boolean;
}

/** Requests the http instrumentation leaves alone: probes, scrapes, and hot paths without a traceparent. */
export function untracedRequest(
  request: { method?: string; url?: string; headers: Record<string, unknown> },
  hotPath?: TracingOptions['hotPath'],
): boolean {
  if (/^\/(health|metrics)\b/.test(request.url ?? '')) return true;
  return hotPath !== undefined && request.headers.traceparent === undefined && hotPath(request);
}

export interface Tracing {
  provider?: NodeTracerProvider;
  shutdown(): Promise<void>;
}

let started: Tracing | undefined;

/** Starts tracing once per process; later calls return the first one. */
export function startTracing(options: TracingOptions): Tracing {
  if (started) return started;
  const parsed = TracingEnv.safeParse(options.env ?? process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  if (env.OTEL_SDK_DISABLED === 'true') {
    started = { shutdown: async () => undefined };
    return started;
  }
  const processors =
    options.spanProcessors ??
    (env.OTEL_TRACES_EXPORTER === 'otlp'
      ? [new BatchSpanProcessor(new OTLPTraceExporter())]
      : env.OTEL_TRACES_EXPORTER === 'console'
        ? [new BatchSpanProcessor(new ConsoleSpanExporter())]
        : []);
  const root =
    processors.length === 0
      ? new AlwaysOffSampler()
      : env.OTEL_TRACES_SAMPLER_ARG >= 1
        ? new AlwaysOnSampler()
        : new TraceIdRatioBasedSampler(env.OTEL_TRACES_SAMPLER_ARG);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? options.service }),
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  if (options.instrument ?? true) {
    registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [
        new HttpInstrumentation({
          ignoreIncomingRequestHook: (request) => untracedRequest(request, options.hotPath),
        }),
        new ExpressInstrumentation(),
        new PgInstrumentation({ requireParentSpan: true }),
        new IORedisInstrumentation({ requireParentSpan: true }),
      ],
    });
  }
  started = {
    provider,
    shutdown: async () => {
      await provider.shutdown();
      started = undefined;
    },
  };
  return started;
}

/** The tracer of one service: the instrumentation scope names the service in every span. */
export function tracerOf(service: string): Tracer {
  return trace.getTracer(service);
}

/** The W3C traceparent of the active span, if there is one. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The trace id of the active span, if there is one. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  return span && trace.isSpanContextValid(span.spanContext()) ? span.spanContext().traceId : undefined;
}

/** Trace and span ids for a log line. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : {};
}

/** A message for a channel without headers (Redis pub/sub): the active traceparent rides along. */
export function withTraceparent(message: unknown): unknown {
  const traceparent = activeTraceparent();
  return traceparent && typeof message === 'object' && message !== null
    ? { ...message, traceparent }
    : message;
}

/** The context a traceparent (a header value, a stored column) continues. */
export function contextOf(traceparent: string | undefined | null): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** A link to the span a traceparent names, or nothing when it names none. */
export function linkTo(traceparent: string | undefined | null): Link | undefined {
  const spanContext = trace.getSpanContext(contextOf(traceparent));
  return spanContext && trace.isSpanContextValid(spanContext) ? { context: spanContext } : undefined;
}

/** The traceparent that continues a span. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent;
}

/**
 * Runs `work` in a new span (child of `parent`, the active context by default); the span ends when
 * the work settles and records a failure as its error status.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; links?: Link[] },
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind };
