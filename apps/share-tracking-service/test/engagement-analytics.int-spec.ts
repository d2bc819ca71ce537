import { randomUUID } from 'node:crypto';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  newTenant,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { connectTestDb, publish, publishContent, waitForRows } from './support';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
const PERIOD = 'from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z';

/**
 * A small data set, checked by hand:
 *   profiles: alice (sales; linkedin 1000, x 200 followers), bob (sales; linkedin 500), carol (ops; none)
 *   dave coaches bob (accepted)
 *   shares:  s1 alice/c1/linkedin, s2 alice/c2/x, s3 bob/c1/linkedin
 *   clicks:  s1: a visitor twice (1 unique) and a bot; s3: one visitor (unique)
 *   engagement: s1 likes 4 → 10 (→ 7 adds nothing), s1 impressions 3000, s3 comments 2
 */
describe('engagement, analytics and baseline', () => {
  // The test client plays the edge proxy on loopback: its X-Forwarded-For is believed here.
  const setUp = useTestSetUp({ TRUST_PROXY: 'loopback' });
  let infra: TestInfra;
  let service: StartedService;
  let db: Client;
  let engagementTopic: Awaited<ReturnType<typeof collectTopic>>;
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    db = setUp.release(await connectTestDb(infra), (client) => client.end());
    engagementTopic = await setUp.collect('engagement.v1');
  });

  beforeEach(() => clock.set('2026-03-10T10:00:00Z'));

  const profile = (
    tenant: string,
    employeeId: string,
    teamId: string,
    followers: Record<string, number>,
  ) => ({
    type: 'advocate.profile-updated' as const,
    tenantId: tenant,
    subject: employeeId,
    payload: {
      employeeId,
      displayName: employeeId,
      teamId,
      role: null,
      topics: [],
      language: 'en',
      followers,
    },
  });

  async function seed() {
    const tenant = newTenant();
    const [c1, c2] = await publishContent(infra, db, tenant, [{ campaignId: 'spring' }, {}]);
    await publish(infra, [
      profile(tenant, 'alice', 'sales', { linkedin: 1000, x: 200 }),
      profile(tenant, 'bob', 'sales', { linkedin: 500 }),
      profile(tenant, 'carol', 'ops', {}),
      {
        type: 'coach.assigned',
        tenantId: tenant,
        subject: 'bob',
        payload: {
          assignmentId: randomUUID(),
          coachId: 'dave',
          employeeId: 'bob',
          kind: 'manual',
          status: 'accepted',
        },
      },
    ]);
    await waitForRows(db, 'SELECT 1 FROM tracking.advocates WHERE tenant_id = $1', [tenant], 3);
    await waitForRows(db, 'SELECT 1 FROM tracking.coach_mentees WHERE tenant_id = $1', [tenant]);
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const bob = api(service.url, infra.token({ tenant, sub: 'bob' }));
    const s1 = (await alice.post('/api/v1/shares', { contentId: c1, network: 'linkedin' })).body;
    const s2 = (await alice.post('/api/v1/shares', { contentId: c2, network: 'x' })).body;
    const s3 = (await bob.post('/api/v1/shares', { contentId: c1, network: 'linkedin' })).body;
    const visit = (code: string, ip: string, agent: string) =>
      api(service.url).get(`/l/${code}`, { headers: { 'x-forwarded-for': ip, 'user-agent': agent } });
    await visit(s1.linkCode, '198.51.100.1', CHROME);
    await visit(s1.linkCode, '198.51.100.1', CHROME);
    await visit(s1.linkCode, '198.51.100.2', 'Twitterbot/1.0');
    await visit(s3.linkCode, '198.51.100.3', CHROME);
    await waitForRows(db, 'SELECT 1 FROM tracking.clicks WHERE tenant_id = $1', [tenant], 4);

    const integration = api(service.url, infra.token({ tenant, sub: 'crm', roles: ['integration'] }));
    const observe = (shareId: string, kind: string, count: number, externalId?: string) =>
      integration.post('/api/v1/engagements', {
        shareId,
        kind,
        count,
        observedAt: '2026-03-10T12:00:00Z',
        ...(externalId ? { externalId } : {}),
      });
    return { tenant, c1, c2, s1, s2, s3, observe };
  }

  it('turns cumulative observations into positive deltas, once', async () => {
    const { tenant, s1, s3, observe } = await seed();

    const first = await observe(s1.shareId, 'like', 4, 'obs-1');
    const second = await observe(s1.shareId, 'like', 10, 'obs-2');
    const replayById = await observe(s1.shareId, 'like', 10, 'obs-2');
    const replayByCount = await observe(s1.shareId, 'like', 10);
    const lower = await observe(s1.shareId, 'like', 7);
    const impressions = await observe(s1.shareId, 'impression', 3000);
    const comments = await observe(s3.shareId, 'comment', 2);

    expect(
      [first, second, lower, impressions, comments].map((r) => [r.status, r.body.delta, r.body.duplicate]),
    ).toEqual([
      [201, 4, false],
      [201, 6, false],
      [201, 0, false],
      [201, 3000, false],
      [201, 2, false],
    ]);
    expect(replayById.status).toBe(200);
    expect(replayById.body).toEqual({ ...second.body, duplicate: true });
    expect(replayByCount.status).toBe(200);
    expect(replayByCount.body.observationId).toBe(second.body.observationId);

    const events = await waitFor(() => {
      const found = engagementTopic.messages
        .filter((m) => m.json?.tenantId === tenant)
        .map((m) => m.json.payload);
      return found.length >= 4 ? found : undefined;
    });
    expect(events.map((p) => [p.shareId, p.kind, p.count])).toEqual(
      expect.arrayContaining([
        [s1.shareId, 'like', 4],
        [s1.shareId, 'like', 6],
        [s1.shareId, 'impression', 3000],
        [s3.shareId, 'comment', 2],
      ]),
    );
    expect(events).toHaveLength(4);
    expect(events.find((p) => p.kind === 'comment')).toMatchObject({
      employeeId: 'bob',
      teamId: 'sales',
      network: 'linkedin',
      observedAt: '2026-03-10T12:00:00Z',
    });

    // only admin or integration tokens; another tenant's share does not exist
    const employee = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const body = { shareId: s1.shareId, kind: 'like', count: 50, observedAt: '2026-03-10T12:00:00Z' };
    expect((await employee.post('/api/v1/engagements', body)).status).toBe(403);
    const stranger = api(
      service.url,
      infra.token({ tenant: newTenant(), sub: 'crm', roles: ['integration'] }),
    );
    expect((await stranger.post('/api/v1/engagements', body)).status).toBe(404);
    expect((await employee.post('/api/v1/engagements', { ...body, kind: 'love' })).status).toBe(403);
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const invalid = await admin.post('/api/v1/engagements', { ...body, kind: 'love', count: -1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('kind');
  });

  it('sums up the hand-checked data set, by group and by who is asking', async () => {
    const { tenant, c1, c2, s1, s3, observe } = await seed();
    await observe(s1.shareId, 'like', 4);
    await observe(s1.shareId, 'like', 10);
    await observe(s1.shareId, 'impression', 3000);
    await observe(s3.shareId, 'comment', 2);
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));

    const summary = await admin.get(`/api/v1/analytics/summary?${PERIOD}`);
    expect(summary.status).toBe(200);
    expect(summary.body.scope).toBe('tenant');
    expect(summary.body.totals).toEqual({
      shares: 3,
      clicks: 3,
      uniqueClicks: 2,
      botClicks: 1,
      engagements: { like: 10, comment: 2, reshare: 0, impression: 3000 },
      reactions: 12,
      impressions: 3700,
      estimatedImpressions: 700,
      potentialReach: 1700,
      // linkedin 30 × 3500 / 1000 + 2.5 × (2 + 0.1 × 12) = 113; x 8 × 200 / 1000 = 1.6
      emv: 114.6,
      participation: { employeesWithShares: 2, employeesWithProfile: 3, rate: 0.6667 },
    });
    expect(summary.body.emv).toMatchObject({ isDefault: true, settings: { currency: 'EUR' } });
    expect(summary.body.emv.formula).toContain('CPM');

    const byEmployee = await admin.get(`/api/v1/analytics/summary?${PERIOD}&groupBy=employee`);
    expect(
      byEmployee.body.groups.map((g: any) => [g.key, g.shares, g.clicks, g.uniqueClicks, g.emv]),
    ).toEqual([
      ['alice', 2, 2, 1, 96.6],
      ['bob', 1, 1, 1, 18],
    ]);
    const byCampaign = await admin.get(`/api/v1/analytics/summary?${PERIOD}&groupBy=campaign`);
    expect(byCampaign.body.groups.map((g: any) => [g.key, g.shares])).toEqual([
      ['(none)', 1],
      ['spring', 2],
    ]);
    const byContent = await admin.get(`/api/v1/analytics/summary?${PERIOD}&groupBy=content`);
    expect(Object.fromEntries(byContent.body.groups.map((g: any) => [g.key, g.potentialReach]))).toEqual({
      [c1]: 1500,
      [c2]: 200,
    });
    const byDay = await admin.get(`/api/v1/analytics/summary?${PERIOD}&groupBy=day`);
    expect(byDay.body.groups.map((g: any) => [g.key, g.shares, g.clicks])).toEqual([['2026-03-10', 3, 3]]);
    const outside = await admin.get(
      '/api/v1/analytics/summary?from=2026-04-01T00:00:00Z&to=2026-04-30T00:00:00Z',
    );
    expect(outside.body.totals).toMatchObject({ shares: 0, clicks: 0, emv: 0 });

    // employees see their own figures, coaches their mentees'
    const bob = await api(service.url, infra.token({ tenant, sub: 'bob' })).get(
      `/api/v1/analytics/summary?${PERIOD}`,
    );
    expect(bob.body).toMatchObject({ scope: 'own', employees: ['bob'] });
    expect(bob.body.totals).toMatchObject({ shares: 1, clicks: 1, emv: 18, participation: { rate: 1 } });
    const dave = await api(service.url, infra.token({ tenant, sub: 'dave', roles: ['coach'] })).get(
      `/api/v1/analytics/summary?${PERIOD}&groupBy=employee`,
    );
    expect(dave.body).toMatchObject({ scope: 'mentees', employees: ['dave', 'bob'] });
    expect(dave.body.groups.map((g: any) => g.key)).toEqual(['bob']);

    // another tenant sees nothing of this one
    const stranger = api(service.url, infra.token({ tenant: newTenant(), sub: 'root', roles: ['admin'] }));
    const foreign = await stranger.get(`/api/v1/analytics/summary?${PERIOD}`);
    expect(foreign.body.totals).toMatchObject({ shares: 0, clicks: 0, potentialReach: 0 });

    const invalid = await admin.get('/api/v1/analytics/summary?groupBy=planet&from=yesterday');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/groupBy/);
  });

  it('prices with the tenant’s EMV settings', async () => {
    const { tenant, s1, observe } = await seed();
    await observe(s1.shareId, 'like', 10);
    await observe(s1.shareId, 'impression', 3000);
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const settings = { currency: 'USD', cpm: { linkedin: 10 }, cpc: { linkedin: 1 }, reactionsMultiplier: 0 };

    expect((await admin.get('/api/v1/analytics/emv')).body).toMatchObject({
      isDefault: true,
      settings: { cpm: { linkedin: 30 } },
    });
    expect(
      (await api(service.url, infra.token({ tenant, sub: 'alice' })).put('/api/v1/analytics/emv', settings))
        .status,
    ).toBe(403);
    expect((await admin.put('/api/v1/analytics/emv', { ...settings, currency: 'euro' })).status).toBe(400);
    const saved = await admin.put('/api/v1/analytics/emv', settings);
    expect(saved.status).toBe(200);
    expect((await admin.get('/api/v1/analytics/emv')).body).toMatchObject({ isDefault: false, settings });

    const summary = await admin.get(`/api/v1/analytics/summary?${PERIOD}`);
    // linkedin: 10 × (3000 + 500 estimated) / 1000 + 1 × 2 unique = 37; x has no price
    expect(summary.body.totals.emv).toBe(37);
    expect(summary.body.emv.settings.currency).toBe('USD');
    // other tenants keep the defaults
    const other = api(service.url, infra.token({ tenant: newTenant(), sub: 'root', roles: ['admin'] }));
    expect((await other.get('/api/v1/analytics/emv')).body.isDefault).toBe(true);
  });

  it('compares a period with a hand-entered or frozen baseline', async () => {
    const { tenant } = await seed();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));

    expect((await admin.get('/api/v1/baseline')).status).toBe(404);
    expect((await admin.get(`/api/v1/baseline/progress?${PERIOD}`)).status).toBe(404);
    const employee = api(service.url, infra.token({ tenant, sub: 'alice' }));
    expect((await employee.post('/api/v1/baseline', { source: 'frozen' })).status).toBe(403);

    const manual = await admin.post('/api/v1/baseline', {
      source: 'manual',
      from: '2025-01-01T00:00:00Z',
      to: '2025-12-31T00:00:00Z',
      figures: { shares: 0, clicks: 2, uniqueClicks: 4, emv: 50 },
      note: 'brand channel, before the programme',
    });
    expect(manual.status).toBe(201);
    const progress = await admin.get(`/api/v1/baseline/progress?${PERIOD}`);
    expect(progress.status).toBe(200);
    // no engagement observed: impressions are the followers, linkedin 30 × 1500 / 1000 + 2.5 × 2 = 50, x 1.6
    expect(progress.body.current).toMatchObject({ shares: 3, clicks: 3, uniqueClicks: 2, emv: 51.6 });
    expect(progress.body.comparison).toEqual({
      shares: { baseline: 0, current: 3, difference: 3, percentChange: null },
      clicks: { baseline: 2, current: 3, difference: 1, percentChange: 50 },
      uniqueClicks: { baseline: 4, current: 2, difference: -2, percentChange: -50 },
      emv: { baseline: 50, current: 51.6, difference: 1.6, percentChange: 3.2 },
    });

    clock.advance(60_000);
    const frozen = await admin.post('/api/v1/baseline', {
      source: 'frozen',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-31T00:00:00Z',
    });
    expect(frozen.status).toBe(201);
    expect(frozen.body.figures).toEqual({
      shares: 3,
      clicks: 3,
      uniqueClicks: 2,
      reactions: 0,
      impressions: 1700,
      potentialReach: 1700,
      participationRate: 0.6667,
      emv: 51.6,
    });
    expect((await admin.get('/api/v1/baseline')).body.baselineId).toBe(frozen.body.baselineId);
    const same = await admin.get(`/api/v1/baseline/progress?${PERIOD}`);
    expect(Object.values(same.body.comparison).map((c: any) => c.difference)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0,
    ]);

    // another tenant has no baseline
    const stranger = api(service.url, infra.token({ tenant: newTenant(), sub: 'root', roles: ['admin'] }));
    expect((await stranger.get('/api/v1/baseline')).status).toBe(404);
  });
});
