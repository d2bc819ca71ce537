import { api, newTenant, startService, StartedService, startTestInfra, TestInfra } from '@advocacy/testing';
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
describe('security: a malicious guideline pattern does not slow down the redirect of another tenant', () => {
  let infra: TestInfra;
  let service: StartedService;
  let db: Client;

  beforeAll(async () => {
    infra = await startTestInfra({ PUBLIC_BASE_URL: 'https://go.example.com' });
    service = await startService(createShareTracking, { ...infra.env, RATE_LIMIT_ENABLED: 'false' });
    db = await connectTestDb(infra);
  });

  afterAll(async () => {
    await db?.end();
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
              { name: 'slow', pattern: '\\w{1,100}\\s\\w{1,100}!', flags: 'i' },
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
    await waitForRows(db, 'SELECT 1 FROM tracking.guideline_acknowledgements WHERE tenant_id = $1', [
      attacker,
    ]);

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
});
