import {
  api,
  newTenant,
  startService,
  StartedService,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { Client } from 'pg';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
import {
  connectTestDb,
  publish,
  publishContent,
  waitForRows,
} from '../../apps/share-tracking-service/test/support';

/** Milliseconds of one redirect of `path`; it must answer 302. */
async function timedRedirect(url: string, path: string): Promise<number> {
  const started = performance.now();
  const answer = await api(url).get(path);
  const took = performance.now() - started;
  if (answer.status !== 302) throw new Error(`redirect answered ${answer.status}`);
  return took;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The finding of issue 12: a share checked against `(a+)+$` froze `/l/:code` of every tenant on the
// replica for 13 s. A linear engine alone is not enough (one re2js search of a 70 KB text can take
// seconds); the patterns run on a worker thread with a deadline.
describe('security: the public redirect', () => {
  let infra: TestInfra;
  let service: StartedService;
  let limited: StartedService;
  let db: Client;

  beforeAll(async () => {
    infra = await startTestInfra({ PUBLIC_BASE_URL: 'https://go.example.com' });
    service = await startService(createShareTracking, { ...infra.env, RATE_LIMIT_ENABLED: 'false' });
    // a second replica with the per-address limit of public routes turned on and set low
    limited = await startService(createShareTracking, {
      ...infra.env,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '20',
    });
    db = await connectTestDb(infra);
  });

  afterAll(async () => {
    await db?.end();
    await limited?.close();
    await service?.close();
    await infra?.teardown();
  });

  it('keeps the redirect near its normal latency while a share runs a slow pattern over 70 KB', async () => {
    const attacker = newTenant();
    const victim = newTenant();
    const [attackerContent] = await publishContent(infra, db, attacker);
    const [victimContent] = await publishContent(infra, db, victim);
    await publish(infra, [
      {
        type: 'guidelines.published',
        tenantId: attacker,
        subject: 'guidelines',
        payload: {
          version: 1,
          rules: {
            confidentialPatterns: [
              { name: 'evil', pattern: '(a+)+$', flags: 'i' },
              // Several slow ones: on a fast machine one search of 70 KB may fit the 1 s budget, these cannot.
              ...Array.from({ length: 8 }, (_, index) => ({
                name: `slow-${index}`,
                pattern: `\\w{1,100}\\s\\w{1,${100 + index}}!`,
                flags: 'i',
              })),
            ],
          },
          publishedAt: '2026-03-01T00:00:00.000Z',
        },
      },
      {
        type: 'guidelines.acknowledged',
        tenantId: attacker,
        subject: 'mallory',
        payload: { employeeId: 'mallory', version: 1 },
      },
    ]);
    // both: the two events have different keys, so they may arrive in different fetches
    await waitForRows(db, 'SELECT 1 FROM tracking.guideline_acknowledgements WHERE tenant_id = $1', [
      attacker,
    ]);
    await waitForRows(db, 'SELECT 1 FROM tracking.guideline_versions WHERE tenant_id = $1', [attacker]);

    const shared = await api(service.url, infra.token({ tenant: victim, sub: 'vera' })).post(
      '/api/v1/shares',
      {
        contentId: victimContent,
        network: 'linkedin',
      },
    );
    expect(shared.status).toBe(201);
    const path = `/l/${shared.body.linkCode as string}`;
    const normal: number[] = [];
    for (let i = 0; i < 15; i += 1) normal.push(await timedRedirect(service.url, path));

    const started = performance.now();
    let settled = false;
    const heavy = api(service.url, infra.token({ tenant: attacker, sub: 'mallory' }))
      .post('/api/v1/shares', { contentId: attackerContent, network: 'linkedin', text: 'a'.repeat(70_000) })
      .finally(() => {
        settled = true;
      });
    const during: number[] = [];
    while (!settled) during.push(await timedRedirect(service.url, path));
    const refused = await heavy;
    const heavyMs = performance.now() - started;

    // the check ends at its budget instead of running for seconds per pattern
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('check_budget_exceeded');
    expect(heavyMs).toBeLessThan(3000);
    // redirects kept flowing the whole time; the bound is generous for a loaded 2-core machine
    // (in the service's own thread a single search of this text blocks for over a second)
    expect(during.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...during)).toBeLessThan(Math.max(400, 10 * median(normal)));
    expect(median(during)).toBeLessThan(Math.max(100, 5 * median(normal)));
  });

  it('answers 410 for a link of archived content, also when the link was cached', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const shared = await api(service.url, infra.token({ tenant, sub: 'ann' })).post('/api/v1/shares', {
      contentId,
      network: 'linkedin',
    });
    expect(shared.status).toBe(201);
    const path = `/l/${shared.body.linkCode as string}`;
    expect((await api(service.url).get(path)).status).toBe(302); // now in the caches
    await publish(infra, [
      {
        type: 'content.archived',
        tenantId: tenant,
        subject: contentId,
        payload: { contentId, reason: 'manual', archivedAt: new Date().toISOString() },
      },
    ]);
    // the Redis entry would answer 302 for LINK_CACHE_TTL_SECONDS (300 s) if the archive did not drop it
    await waitFor(async () => (await api(service.url).get(path)).status === 410, { timeoutMs: 15_000 });
  });

  it('limits redirects per client address with 429 and Retry-After', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const shared = await api(limited.url, infra.token({ tenant, sub: 'ben' })).post('/api/v1/shares', {
      contentId,
      network: 'linkedin',
    });
    expect(shared.status).toBe(201);
    const path = `/l/${shared.body.linkCode as string}`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i += 1) {
      const answer = await api(limited.url).get(path);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses.slice(0, 20).every((status) => status === 302)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // the unlimited replica still answers: the limit is a setting, not a side effect
    expect((await api(service.url).get(path)).status).toBe(302);
  });
});
