import { Writable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger, redactRequestUrl, requestIdOf } from './logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => context.disable());

  it('writes one JSON shape: time, level name, service, msg, err with its stack as a field', () => {
    const { lines, stream } = capture();
    const logger = createLogger('scoring-service', 'info', stream);
    logger.info({ scope: 'Relay' }, 'started');
    logger.error({ err: new Error('boom') }, 'request failed');
    logger.debug('not at info');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'scoring-service',
      scope: 'Relay',
      msg: 'started',
    });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'request failed', err: { message: 'boom' } });
    expect((lines[1].err as { stack: string }).stack).toContain('Error: boom');
  });

  it('adds the trace and span ids of the active span', () => {
    const { lines, stream } = capture();
    const logger = createLogger('s', 'info', stream);
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    };
    context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it.each([
    [{ req: { headers: { authorization: 'Bearer abc.def.ghi' } } }, 'req.headers.authorization'],
    [{ config: { AUTH_JWT_SECRET: 'super-secret-value' } }, 'config.AUTH_JWT_SECRET'],
    [{ body: { token: 'scim-token' } }, 'body.token'],
    [{ webhook: { secret: 's3cr3t' } }, 'webhook.secret'],
  ])('redacts %j', (object, path) => {
    const { lines, stream } = capture();
    createLogger('s', 'info', stream).info(object, 'line');
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], lines[0]);
    expect(value).toBe('[redacted]');
  });
});

describe('redactRequestUrl', () => {
  it.each([
    [
      '/api/v1/leaderboards/global/stream?period=all&token=eyJ.x.y',
      '/api/v1/leaderboards/global/stream?period=all&token=[redacted]',
    ],
    ['/widget?key=ek_123&scope=global', '/widget?key=[redacted]&scope=global'],
    ['/api/v1/shares', '/api/v1/shares'],
    ['/x?tokenish=1', '/x?tokenish=1'],
  ])('%s', (url, expected) => {
    expect(redactRequestUrl(url)).toBe(expected);
  });
});

describe('requestIdOf', () => {
  const response = () => {
    const headers = new Map<string, string>();
    return { headers, setHeader: (name: string, value: string) => headers.set(name, value) };
  };
  it('keeps a well-formed x-request-id and echoes it', () => {
    const res = response();
    const id = requestIdOf(
      { headers: { 'x-request-id': 'edge-42.a' } } as unknown as IncomingMessage,
      res as unknown as ServerResponse,
    );
    expect(id).toBe('edge-42.a');
    expect(res.headers.get('x-request-id')).toBe('edge-42.a');
  });
  it('replaces a missing or malformed one with a uuid', () => {
    for (const given of [undefined, 'has space', 'x'.repeat(200)]) {
      const res = response();
      const id = requestIdOf(
        { headers: { 'x-request-id': given } } as unknown as IncomingMessage,
        res as unknown as ServerResponse,
      );
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-request-id')).toBe(id);
    }
  });
});
