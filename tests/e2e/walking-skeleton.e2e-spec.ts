import { randomUUID } from 'node:crypto';
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

describe('walking skeleton: share → points → board', () => {
  let infra: TestInfra;
  let services: StartedService[] = [];
  let tracking: StartedService;
  let board: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra();
    tracking = await startService(createShareTracking, infra.env);
    const scoring = await startService(createScoring, infra.env);
    board = await startService(createLeaderboard, infra.env);
    services = [tracking, scoring, board];
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
    await infra.teardown();
  });

  it('puts the sharer on the global all-time board with the points of the share', async () => {
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
          url: 'https://example.com/news/team',
          title: 'Our team',
          language: 'en',
          topics: [],
          // published long ago, so no early-bird multiplier applies: a share is worth its base 10 points
          publishedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
        },
      },
    ]);
    // Shares need published content: retry until share-tracking has projected it.
    const created = await waitFor(async () => {
      const response = await api(tracking.url, alice).post('/api/v1/shares', {
        contentId,
        network: 'linkedin',
        text: 'Proud of our team',
      });
      return response.body.error?.code === 'content_unknown' ? undefined : response;
    });
    expect(created.status).toBe(201);
    expect(created.body.trackedUrl).toMatch(/\/l\/[0-9A-Za-z]{8,}$/);

    const entries = await waitFor(async () => {
      const response = await api(board.url, alice).get('/api/v1/leaderboards/global?period=all');
      return response.body.entries?.length > 0 ? response.body.entries : undefined;
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ rank: 1, employeeId: 'alice', points: 10 });
  });

  it('answers 400 naming the field, 401 without a token', async () => {
    const tenant = newTenant();
    const token = infra.token({ tenant, sub: 'bob' });
    const invalid = await api(tracking.url, token).post('/api/v1/shares', {
      contentId: 'nope',
      network: 'myspace',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(invalid.body.error.message).toContain('contentId');
    expect(invalid.body.error.message).toContain('network');
    const anonymous = await api(tracking.url).post('/api/v1/shares', {
      contentId: randomUUID(),
      network: 'x',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
  });
});
