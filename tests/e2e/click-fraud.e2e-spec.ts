import { randomUUID } from 'node:crypto';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  publishRaw,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** A burst is only recognised after its first click counted: share-tracking flags it, scoring reverses it. */
describe('a click burst judged after the fact', () => {
  let infra: TestInfra;
  let tracking: StartedService;
  let scoring: StartedService;
  let clickTopic: Awaited<ReturnType<typeof collectTopic>>;

  beforeAll(async () => {
    infra = await startTestInfra({ CLICK_BURST_CAP: '3', TRUST_PROXY: 'loopback' });
    tracking = await startService(createShareTracking, infra.env);
    scoring = await startService(createScoring, infra.env);
    clickTopic = await collectTopic(infra.kafka, `${infra.prefix}click.v1`);
  });

  afterAll(async () => {
    await clickTopic?.stop();
    await Promise.all([tracking, scoring].filter(Boolean).map((service) => service.close()));
    await infra?.teardown();
  });

  it('reverses the points of the burst’s counted click exactly once', async () => {
    const tenant = newTenant();
    const alice = infra.token({ tenant, sub: 'alice', roles: ['employee'] });
    const contentId = randomUUID();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'content.published',
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: 'https://example.com/news/burst',
          title: 'Burst',
          language: 'en',
          topics: [],
          publishedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
        },
      },
    ]);
    const share = await waitFor(async () => {
      const response = await api(tracking.url, alice).post('/api/v1/shares', {
        contentId,
        network: 'linkedin',
      });
      return response.body.error?.code === 'content_unknown' ? undefined : response;
    });
    expect(share.status).toBe(201);
    const { shareId, linkCode } = share.body;
    const points = async () => (await api(scoring.url, alice).get('/api/v1/points/me?limit=50')).body;
    const clickRules = (summary: { history: { items: { rule: string; points: number; seq: number }[] } }) =>
      summary.history.items.filter((item) => item.rule.startsWith('click'));
    const visit = () =>
      api(tracking.url).get(`/l/${linkCode}`, {
        headers: { 'x-forwarded-for': '192.0.2.77', 'user-agent': CHROME },
      });

    // The visitor's first click is unique and earns the sharer click points.
    expect((await visit()).status).toBe(302);
    const countedSummary = await waitFor(async () => {
      const summary = await points();
      return clickRules(summary).length === 1 ? summary : undefined;
    });
    const [counted] = clickRules(countedSummary);
    expect(counted.points).toBeGreaterThan(0);

    // Three more within the minute pass the cap of 3: now the burst is recognised.
    for (let index = 0; index < 3; index += 1) expect((await visit()).status).toBe(302);
    const flagged = await waitFor(() => {
      const found = clickTopic.messages.filter(
        (m) => m.json?.type === 'link.click-flagged' && m.json.payload.shareId === shareId,
      );
      return found.length > 0 ? found : undefined;
    });
    const firstClick = clickTopic.messages.find(
      (m) => m.json?.type === 'link.clicked' && m.json.payload.shareId === shareId && m.json.payload.unique,
    );
    expect(flagged).toHaveLength(1);
    expect(flagged[0].json.payload).toMatchObject({
      clickId: firstClick?.json.payload.clickId,
      employeeId: 'alice',
      reason: expect.stringContaining('burst'),
    });
    const reversed = await waitFor(async () => {
      const summary = await points();
      return clickRules(summary).length === 2 ? summary : undefined;
    });
    expect(
      clickRules(reversed)
        .map((line) => line.points)
        .sort((a, b) => a - b),
    ).toEqual([-counted.points, counted.points]);
    expect(reversed.total).toBe(countedSummary.total - counted.points);

    // A redelivered flag (the same envelope) and another click of the same burst reverse nothing more.
    await publishRaw(infra.kafka, [
      {
        topic: flagged[0].topic,
        key: flagged[0].message.key!.toString(),
        value: flagged[0].message.value!.toString(),
      },
    ]);
    expect((await visit()).status).toBe(302);
    // Someone else's unique click is published after the replay on the same partition (same key), so
    // once scoring has its line it has handled the replay too.
    const other = await api(tracking.url).get(`/l/${linkCode}`, {
      headers: { 'x-forwarded-for': '192.0.2.78', 'user-agent': CHROME },
    });
    expect(other.status).toBe(302);
    const after = await waitFor(async () => {
      const summary = await points();
      return clickRules(summary).length >= 3 ? summary : undefined;
    });
    const lines = clickRules(after);
    expect(lines.map((line) => line.rule).sort()).toEqual(['click', 'click', 'click.reversal']);
    const [marker] = lines.filter((line) => line.rule === 'click').sort((a, b) => b.seq - a.seq);
    expect(after.total).toBe(reversed.total + marker.points);
  });
});
