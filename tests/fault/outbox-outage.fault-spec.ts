import { randomUUID } from 'node:crypto';
import { OutboxRelay } from '@advocacy/messaging';
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
import { DataSource } from 'typeorm';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';

import { freePort, PrivateKafka } from '../support/stack';

jest.setTimeout(180000);

/** The broker really stops here: an accepted share must survive it and count exactly once. */
describe('outbox across a Kafka outage', () => {
  let infra: TestInfra;
  let tracking: StartedService;
  let scoring: StartedService;
  let board: StartedService;

  // A broker of this file's own: stopping it disturbs no other test and no running `npm start`.
  let kafka: PrivateKafka;
  const saved = process.env.KAFKA_BROKERS;

  beforeAll(async () => {
    kafka = new PrivateKafka(await freePort(), await freePort());
    kafka.start();
    process.env.KAFKA_BROKERS = kafka.brokers;
    infra = await startTestInfra();
    tracking = await startService(createShareTracking, infra.env);
    scoring = await startService(createScoring, infra.env);
    board = await startService(createLeaderboard, infra.env);
  });

  afterAll(async () => {
    kafka.start();
    await Promise.all([tracking, scoring, board].map((service) => service?.close()));
    await infra.teardown();
    kafka.destroy();
    process.env.KAFKA_BROKERS = saved;
  });

  it('keeps an accepted share while the broker is down and delivers it once after the restart', async () => {
    const tenant = newTenant();
    const alice = infra.token({ tenant, sub: 'alice', team: 'sales' });
    const contentId = randomUUID();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'content.published',
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: 'https://example.com/q3-results',
          title: 'Q3 results',
          language: 'en',
          topics: ['finance'],
          publishedAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
        },
      },
    ]);
    // Share-tracking learns the content from content.v1; wait until a share of it is accepted, then
    // withdraw nothing: this first share only proves the projection is there.
    const share = { contentId, network: 'linkedin', text: 'Our Q3 results https://example.com/q3-results' };
    await waitFor(async () => (await api(tracking.url, alice).post('/api/v1/shares', share)).status === 201, {
      timeoutMs: 30000,
      message: 'share accepted before the outage',
    });
    await waitFor(async () => {
      const response = await api(board.url, alice).get('/api/v1/leaderboards/global?period=all');
      return response.body.entries?.[0]?.points === 10 ? true : undefined;
    });

    kafka.stop();
    // Another network: the same content on the same network again would be a 0-point repeat share.
    const during = await api(tracking.url, alice).post('/api/v1/shares', { ...share, network: 'x' });
    expect(during.status).toBe(201);
    const relay = tracking.app.get(OutboxRelay);
    expect(await relay.pending()).toBeGreaterThan(0);

    kafka.start();
    await waitFor(
      async () => {
        const response = await api(board.url, alice).get('/api/v1/leaderboards/global?period=all');
        return response.body.entries?.[0]?.points === 20 ? true : undefined;
      },
      { timeoutMs: 120000, message: 'share made during the outage reaches the board' },
    );
    await waitFor(async () => ((await relay.pending()) === 0 ? true : undefined), { timeoutMs: 30000 });

    const ledger = scoring.app.get(DataSource);
    const [{ count }] = await ledger.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM scoring.ledger WHERE tenant_id = $1 AND reason = 'share'`,
      [tenant],
    );
    expect(count).toBe(2);
    const response = await api(board.url, alice).get('/api/v1/leaderboards/global?period=all');
    expect(response.body.entries).toEqual([expect.objectContaining({ employeeId: 'alice', points: 20 })]);
  });
});
