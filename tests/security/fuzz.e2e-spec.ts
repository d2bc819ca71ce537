import fc from 'fast-check';
import { newTenant, startService, StartedService, startTestInfra, TestInfra } from '@advocacy/testing';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { createApp as createContent } from '../../apps/content-service/src/app';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createNotification } from '../../apps/notification-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';

/**
 * Property-based fuzzing of every route every service documents in its /openapi.json: generated
 * bodies (any JSON, the schema's fields with the wrong types, NUL and other control characters, huge
 * strings, deep nesting) and path and query parameters. Whatever comes in, the answer is never a 5xx,
 * never later than 2 s, and every 4xx is `{ error: { code, message } }`; a validation error names
 * the offending field. Runs are few per route so the suite stays fast; a failure prints its seed.
 */

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const DEADLINE_MS = 2000;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
}
interface Route {
  method: (typeof METHODS)[number];
  path: string;
  operation: Operation;
}

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    'global',
    'teams',
    'team:sales',
    'week',
    'all',
    '1',
    '-1',
    '0',
    'true',
    'null',
    '__proto__',
  ),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', '2026-03-29', 'ek_AAAAAAAAAAAAAAAA'),
  fc.string({ maxLength: 10 }).map((value) => `${value}\u0000${value}`),
  fc.string({ maxLength: 10 }).map((value) => `${value}\u001b\u007f`),
  fc.constant('x'.repeat(5000)),
);

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  text,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** `[[[…]]]` or `{"a":{"a":…}}` this deep. */
const nested = fc.tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = arrays ? [value] : { a: value };
  return value;
});

/** The schema's own fields with values of any (mostly wrong) type, sometimes with an extra key. */
function shaped(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema?.properties ?? {});
  if (keys.length === 0) return fc.jsonValue({ maxDepth: 3 });
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...keys), wrongValue, { maxKeys: keys.length }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), wrongValue), { nil: undefined }),
    )
    .map(([fields, extra]) => (extra ? { ...fields, [extra[0]]: extra[1] } : fields));
}

function bodyOf(operation: Operation): fc.Arbitrary<unknown> {
  const schema = operation.requestBody?.content['application/json'].schema;
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    shaped(schema),
    shaped(schema),
    nested,
    fc.constant({ huge: 'x'.repeat(300_000) }),
    fc.constant('\u0000'),
  );
}

const queryOf = (operation: Operation) => {
  const names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  return fc.dictionary(
    fc.constantFrom(...names, 'unknown'),
    fc.oneof(text, fc.array(text, { maxLength: 2 })),
    {
      maxKeys: names.length + 1,
    },
  );
};

const pathOf = (route: Route) => {
  const names = (route.operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  return fc
    .tuple(...names.map(() => text))
    .map((values) =>
      names.reduce(
        (path, name, index) => path.replace(`{${name}}`, encodeURIComponent(values[index])),
        route.path,
      ),
    );
};

function urlOf(base: string, path: string, query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  }
  const rest = search.toString();
  return `${base}${path}${rest ? `?${rest}` : ''}`;
}

/**
 * The project's error shape; a validation error names its field after "invalid <where>:". Two
 * routes answer in the shape their clients expect instead: SCIM (RFC 7644's error, `detail` naming
 * the field) and the public redirect (an HTML page for the browser that followed the link).
 */
function errorProblem(path: string, status: number, body: unknown): string | null {
  const scim = body as { schemas?: unknown; status?: unknown; detail?: unknown } | null;
  if (
    path.startsWith('/scim/') &&
    Array.isArray(scim?.schemas) &&
    scim.status === String(status) &&
    typeof scim.detail === 'string'
  ) {
    return null;
  }
  if (path.startsWith('/l/') && typeof body === 'string' && body.startsWith('<!doctype html>')) return null;
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return `${status} without the error shape: ${JSON.stringify(body)?.slice(0, 300)}`;
  }
  if (
    (error.code === 'validation_failed' || error.code === 'invalid_characters') &&
    !/^invalid (body|query|path parameter \w+): .+/.test(error.message)
  ) {
    return `${status} ${error.code} names no field: ${error.message}`;
  }
  return null;
}

async function call(url: string, method: string, token: string, body: unknown) {
  const started = performance.now();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(DEADLINE_MS * 3),
  });
  // a stream that answered is fine; only its head counts
  const streaming = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const raw = streaming ? '' : await response.text();
  if (streaming) await response.body?.cancel();
  return {
    status: response.status,
    raw,
    took: performance.now() - started,
    type: response.headers.get('content-type'),
  };
}

describe('security: fuzzing every documented route', () => {
  let infra: TestInfra;
  const services: { name: string; service: StartedService }[] = [];

  beforeAll(async () => {
    infra = await startTestInfra();
    const scoring = await startService(createScoring, infra.env);
    services.push(
      { name: 'content', service: await startService(createContent, infra.env) },
      { name: 'share-tracking', service: await startService(createShareTracking, infra.env) },
      { name: 'scoring', service: scoring },
      {
        name: 'leaderboard',
        service: await startService(createLeaderboard, { ...infra.env, SCORING_URL: scoring.url }),
      },
      { name: 'coaching', service: await startService(createCoaching, infra.env) },
      {
        name: 'notification',
        service: await startService(createNotification, {
          ...infra.env,
          UNSUBSCRIBE_SECRET: 'fuzz-only-unsubscribe-secret-0123456789',
        }),
      },
    );
  }, 120_000);

  afterAll(async () => {
    for (const { service } of services) await service.close();
    await infra?.teardown();
  });

  it('never answers 5xx, never takes 2 s, and every 4xx has the error shape naming the field', async () => {
    const failures: string[] = [];
    let routes = 0;
    for (const { name, service } of services) {
      const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as {
        paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
      };
      const token = infra.token({ tenant: newTenant('fuzz'), sub: 'root', roles: ['admin'] });
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const method of METHODS) {
          const operation = operations[method];
          if (!operation) continue;
          routes += 1;
          const route: Route = { method, path, operation };
          const withBody = method === 'post' || method === 'put' || method === 'patch';
          const result = await fc.check(
            fc.asyncProperty(
              pathOf(route),
              queryOf(operation),
              withBody ? bodyOf(operation) : fc.constant(undefined),
              async (concrete, query, body) => {
                const url = urlOf(service.url, concrete, query);
                let answer = await call(url, method, token, body);
                if (answer.status >= 500) return false;
                // a slow answer is asked again: a hang stays slow, a busy shared machine rarely twice
                if (answer.took > DEADLINE_MS) answer = await call(url, method, token, body);
                if (answer.took > DEADLINE_MS) return false;
                if (answer.status >= 400) {
                  const parsed = answer.type?.includes('json')
                    ? (JSON.parse(answer.raw) as unknown)
                    : answer.raw;
                  if (errorProblem(path, answer.status, parsed)) return false;
                }
                return true;
              },
            ),
            { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
          );
          if (result.failed) {
            const [concrete, query, body] = result.counterexample ?? [];
            const answer = await call(
              urlOf(service.url, String(concrete), query as Record<string, string>),
              method,
              token,
              body,
            ).catch((error: unknown) => ({ status: 0, raw: String(error), took: 0, type: null }));
            failures.push(
              `${name} ${method.toUpperCase()} ${path} (seed ${result.seed}): ${answer.status} in ${Math.round(answer.took)} ms ` +
                `${answer.raw.slice(0, 200)} for ${JSON.stringify({ concrete, query, body })?.slice(0, 300)}`,
            );
          }
        }
      }
    }
    expect(routes).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  }, 600_000);
});
