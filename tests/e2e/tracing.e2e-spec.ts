import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, Tracing } from '@advocacy/platform';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
import {
  api,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';

const exporter = new InMemorySpanExporter();

/** Holds an SSE response open and keeps what arrived. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: { authorization: `Bearer ${token}` },
  });
  let text = '';
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })().catch(() => undefined);
  return {
    status: response.status,
    text: () => text,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

const scopeOf = (span: ReadableSpan) => span.instrumentationScope.name;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const startOf = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];

describe('tracing: one trace from the HTTP share to the SSE push', () => {
  let tracing: Tracing;
  let infra: TestInfra;
  let services: StartedService[] = [];
  let tracking: StartedService;
  let board: StartedService;

  beforeAll(async () => {
    // Jest's module loader is invisible to the http/pg/ioredis instrumentations: only our own spans.
    tracing = startTracing({
      service: 'e2e',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      instrument: false,
    });
    infra = await startTestInfra();
    tracking = await startService(createShareTracking, infra.env);
    const scoring = await startService(createScoring, infra.env);
    board = await startService(createLeaderboard, infra.env);
    services = [tracking, scoring, board];
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
    await infra.teardown();
    await tracing.shutdown();
  });

  it('links share-tracking, the relay, scoring, the board update and the live push by traceparent', async () => {
    const tenant = newTenant();
    const alice = infra.token({ tenant, sub: 'alice', roles: ['employee'], team: 'sales' });
    const contentId = randomUUID();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'content.published',
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: 'https://example.com/news/traced',
          title: 'Traced',
          language: 'en',
          topics: [],
          publishedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
        },
      },
    ]);
    const stream = await openStream(`${board.url}/api/v1/leaderboards/global/stream?period=all`, alice);
    try {
      expect(stream.status).toBe(200);
      await waitFor(() => stream.text().includes('event: snapshot') || undefined);

      const created = await waitFor(async () => {
        const response = await api(tracking.url, alice).post('/api/v1/shares', {
          contentId,
          network: 'linkedin',
          text: 'Traced all the way',
        });
        return response.body.error?.code === 'content_unknown' ? undefined : response;
      });
      expect(created.status).toBe(201);
      await waitFor(() => stream.text().includes('event: update') || undefined);

      const find = (predicate: (span: ReadableSpan) => boolean) =>
        waitFor(() => exporter.getFinishedSpans().find(predicate));
      const request = await find(
        (span) =>
          scopeOf(span) === 'share-tracking-service' &&
          span.name === 'POST /api/v1/shares' &&
          span.attributes['http.response.status_code'] === 201,
      );
      const traceId = request.spanContext().traceId;
      const inTrace = (span: ReadableSpan) => span.spanContext().traceId === traceId;
      const childOf = (parent: ReadableSpan) => (span: ReadableSpan) =>
        inTrace(span) && span.parentSpanContext?.spanId === idOf(parent);

      const shareSent = await find(
        (span) => childOf(request)(span) && span.name === 'send share.v1' && span.kind === SpanKind.PRODUCER,
      );
      const scored = await find(
        (span) =>
          childOf(shareSent)(span) && scopeOf(span) === 'scoring-service' && span.name === 'process share.v1',
      );
      const pointsSent = await find((span) => childOf(scored)(span) && span.name === 'send points.v1');
      const boardUpdated = await find(
        (span) =>
          childOf(pointsSent)(span) &&
          scopeOf(span) === 'leaderboard-service' &&
          span.name === 'process points.v1',
      );
      const pushed = await find((span) => childOf(boardUpdated)(span) && span.name === 'push points');

      const chain = [request, shareSent, scored, pointsSent, boardUpdated, pushed];
      expect(chain.map(scopeOf)).toEqual([
        'share-tracking-service',
        'share-tracking-service',
        'scoring-service',
        'scoring-service',
        'leaderboard-service',
        'leaderboard-service',
      ]);
      const starts = chain.map(startOf);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      expect(shareSent.attributes['messaging.destination.name']).toBe(`${infra.prefix}share.v1`);
      expect(scored.kind).toBe(SpanKind.CONSUMER);
    } finally {
      await stream.close();
    }
  });
});
