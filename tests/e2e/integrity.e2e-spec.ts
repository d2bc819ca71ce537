import { Client } from 'pg';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
import { newTenant, startService, startTestInfra, StartedService, TestInfra } from '@advocacy/testing';
import { employees, expectIntegrity, Load, publishContent } from '../support/integrity';

const EMPLOYEES = 40;
const CLIENTS = 32;
const OPERATIONS_PER_CLIENT = 64;
const ROUNDS = 5;

/**
 * The integrity invariant under concurrency: 40 employees, 32 parallel clients interleaving shares,
 * clicks and engagements through the public HTTP API of the real services; within 10 s of the last
 * request every board equals the sum of the ledger, per employee, scope and period, every accepted
 * share has exactly its one share line, and nothing was applied twice. Five rounds in a row.
 */
describe('score integrity under concurrency', () => {
  let infra: TestInfra;
  let tracking: StartedService;
  let scoring: StartedService;
  let board: StartedService;
  let db: Client;

  beforeAll(async () => {
    // The test clients play the edge proxy on loopback, so each simulated visitor has its own address.
    infra = await startTestInfra({ TRUST_PROXY: 'loopback', RECONCILE_CONFIRM_MS: '0' });
    tracking = await startService(createShareTracking, infra.env);
    scoring = await startService(createScoring, infra.env);
    board = await startService(createLeaderboard, { ...infra.env, SCORING_URL: scoring.url });
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([tracking, scoring, board].map((service) => service?.close()));
    await infra?.teardown();
  });

  it.each(Array.from({ length: ROUNDS }, (_, index) => index + 1))(
    'round %i: the boards equal the ledger within 10 s of the last request',
    async () => {
      const tenant = newTenant('integrity');
      const content = await publishContent(infra.kafka, infra.prefix, tracking.url, tenant, 8, infra.token);
      const result = await new Load({
        trackingUrl: tracking.url,
        tenant,
        content,
        employees: employees(tenant, EMPLOYEES, infra.token),
        integrationToken: infra.token({ tenant, sub: 'feed', roles: ['integration'] }),
        clients: CLIENTS,
      })
        .start(OPERATIONS_PER_CLIENT)
        .finished();
      // Nothing is down here: every request must succeed.
      expect(result.failures).toBe(0);
      expect(result.requests).toBe(CLIENTS * OPERATIONS_PER_CLIENT);
      const report = await expectIntegrity({
        db,
        boardUrl: board.url,
        adminToken: infra.token({ tenant, sub: 'root', roles: ['admin'] }),
        tenant,
        accepted: result.accepted,
        timeoutMs: 10_000,
      });
      expect(report.boards).toBeGreaterThan(EMPLOYEES / 2);
    },
    240_000,
  );
});
