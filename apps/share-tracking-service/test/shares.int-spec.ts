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
import { connectTestDb, contentPublished, publish, publishContent, rowsOf, waitForRows } from './support';

describe('shares', () => {
  const setUp = useTestSetUp({ PUBLIC_BASE_URL: 'https://go.example.com' });
  let infra: TestInfra;
  let service: StartedService;
  let db: Client;
  let shareTopic: Awaited<ReturnType<typeof collectTopic>>;
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    db = setUp.release(await connectTestDb(infra), (client) => client.end());
    shareTopic = await setUp.collect('share.v1');
  });

  beforeEach(() => clock.set('2026-03-10T10:00:00Z'));

  const eventsOf = (tenant: string, type: string) =>
    shareTopic.messages
      .filter((m) => m.json?.tenantId === tenant && m.json?.type === type)
      .map((m) => m.json);

  it('records a share of published content: tracked link, intent URL, share.recorded with the content', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant, [
      { title: 'Spring launch', campaignId: 'spring', publishedAt: '2026-03-01T08:00:00.000Z' },
    ]);
    await publish(infra, [
      {
        type: 'advocate.profile-updated',
        tenantId: tenant,
        subject: 'alice',
        payload: {
          employeeId: 'alice',
          displayName: 'Alice',
          teamId: 'marketing',
          role: null,
          topics: [],
          language: 'en',
          followers: { linkedin: 800 },
        },
      },
    ]);
    await waitForRows(db, 'SELECT 1 FROM tracking.advocates WHERE tenant_id = $1', [tenant]);
    const alice = infra.token({ tenant, sub: 'alice', roles: ['employee'], team: 'sales' });

    const created = await api(service.url, alice).post('/api/v1/shares', {
      contentId,
      network: 'linkedin',
      text: 'Have a look',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ verdict: 'safe', findings: [] });
    expect(created.body.linkCode).toMatch(/^[0-9A-Za-z]{8,}$/);
    expect(created.body.trackedUrl).toBe(`https://go.example.com/l/${created.body.linkCode}`);
    expect(created.body.intentUrl).toBe(
      `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(created.body.trackedUrl)}`,
    );
    const [event] = await waitFor(() => {
      const found = eventsOf(tenant, 'share.recorded');
      return found.length > 0 ? found : undefined;
    });
    expect(event.key).toBe(`${tenant}:alice`);
    expect(event.occurredAt).toBe('2026-03-10T10:00:00.000Z');
    expect(event.payload).toEqual({
      shareId: created.body.shareId,
      employeeId: 'alice',
      // the profile's team wins over the token's
      teamId: 'marketing',
      contentId,
      campaignId: 'spring',
      network: 'linkedin',
      linkCode: created.body.linkCode,
      verdict: 'safe',
      contentTitle: 'Spring launch',
      contentPublishedAt: '2026-03-01T08:00:00.000Z',
    });
  });

  it('takes the team from the token when there is no profile, else none', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const withTeam = infra.token({ tenant, sub: 'bob', team: 'sales' });
    const withoutTeam = infra.token({ tenant, sub: 'carol' });
    const first = await api(service.url, withTeam).post('/api/v1/shares', { contentId, network: 'x' });
    const second = await api(service.url, withoutTeam).post('/api/v1/shares', { contentId, network: 'xing' });
    expect([first.status, second.status]).toEqual([201, 201]);
    const rows = await rowsOf(
      db,
      'SELECT employee_id, team_id FROM tracking.shares WHERE tenant_id = $1 ORDER BY employee_id',
      [tenant],
    );
    expect(rows).toEqual([
      { employee_id: 'bob', team_id: 'sales' },
      { employee_id: 'carol', team_id: null },
    ]);
  });

  it('refuses unknown, archived and out-of-window content with 422 and its code', async () => {
    const tenant = newTenant();
    const [archived, future, expired] = await publishContent(infra, db, tenant, [
      {},
      { shareableFrom: '2026-03-11T00:00:00.000Z' },
      { shareableUntil: '2026-03-10T09:00:00.000Z' },
    ]);
    await publish(infra, [
      {
        type: 'content.archived',
        tenantId: tenant,
        subject: archived,
        payload: { contentId: archived, reason: 'manual', archivedAt: '2026-03-09T00:00:00.000Z' },
      },
    ]);
    await waitForRows(db, `SELECT 1 FROM tracking.contents WHERE content_id = $1 AND status = 'archived'`, [
      archived,
    ]);
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));

    const cases: [string, string][] = [
      [randomUUID(), 'content_unknown'],
      [archived, 'content_not_published'],
      [future, 'content_outside_window'],
      [expired, 'content_outside_window'],
    ];
    for (const [contentId, code] of cases) {
      const refused = await alice.post('/api/v1/shares', { contentId, network: 'linkedin', text: 'hi' });
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 422, code });
    }

    // the window opens when the clock reaches it
    clock.set('2026-03-11T00:00:00Z');
    expect((await alice.post('/api/v1/shares', { contentId: future, network: 'linkedin' })).status).toBe(201);
    expect(await rowsOf(db, 'SELECT content_id FROM tracking.shares WHERE tenant_id = $1', [tenant])).toEqual(
      [{ content_id: future }],
    );
  });

  it('needs the current guidelines acknowledged, blocks what they block and records warnings', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const rules = { blockedTerms: ['secret roadmap'], requiredDisclosure: { linkedin: '#employee' } };
    await publish(infra, [
      {
        type: 'guidelines.published',
        tenantId: tenant,
        subject: 'guidelines',
        payload: { version: 1, rules, publishedAt: '2026-03-01T00:00:00.000Z' },
      },
      {
        type: 'guidelines.published',
        tenantId: tenant,
        subject: 'guidelines',
        payload: { version: 2, rules, publishedAt: '2026-03-05T00:00:00.000Z' },
      },
      // bob acknowledged only the old version
      {
        type: 'guidelines.acknowledged',
        tenantId: tenant,
        subject: 'bob',
        payload: { employeeId: 'bob', version: 1 },
      },
      {
        type: 'guidelines.acknowledged',
        tenantId: tenant,
        subject: 'alice',
        payload: { employeeId: 'alice', version: 2 },
      },
    ]);
    await waitForRows(db, 'SELECT 1 FROM tracking.guideline_versions WHERE tenant_id = $1', [tenant], 2);
    await waitForRows(
      db,
      'SELECT 1 FROM tracking.guideline_acknowledgements WHERE tenant_id = $1',
      [tenant],
      2,
    );
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const bob = api(service.url, infra.token({ tenant, sub: 'bob' }));

    const unacknowledged = await bob.post('/api/v1/shares', {
      contentId,
      network: 'linkedin',
      text: 'Nice #employee',
    });
    expect(unacknowledged.status).toBe(422);
    expect(unacknowledged.body.error).toMatchObject({
      code: 'guidelines_not_acknowledged',
      details: { version: 2 },
    });

    const text = 'Sneak peek at our secret roadmap #employee';
    const blocked = await alice.post('/api/v1/shares', { contentId, network: 'linkedin', text });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe('guidelines_blocked');
    const start = text.indexOf('secret roadmap');
    expect(blocked.body.error.details).toEqual([
      expect.objectContaining({ rule: 'blocked_term', severity: 'blocked', start, end: start + 14 }),
    ]);

    const warned = await alice.post('/api/v1/shares', {
      contentId,
      network: 'linkedin',
      text: 'Proud of this launch',
    });
    expect(warned.status).toBe(201);
    expect(warned.body.verdict).toBe('warning');
    expect(warned.body.findings).toEqual([
      expect.objectContaining({ rule: 'disclosure', severity: 'warning' }),
    ]);
    const [event] = await waitFor(() => {
      const found = eventsOf(tenant, 'share.recorded');
      return found.length > 0 ? found : undefined;
    });
    expect(event.payload).toMatchObject({ shareId: warned.body.shareId, verdict: 'warning' });
    expect(
      await rowsOf(db, 'SELECT count(*)::int AS n FROM tracking.shares WHERE tenant_id = $1', [tenant]),
    ).toEqual([{ n: 1 }]);
  });

  it('answers a retried POST with the same Idempotency-Key with the same share, once', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const headers = { 'idempotency-key': 'retry-1' };
    const body = { contentId, network: 'x', text: 'Read this' };

    const first = await alice.post('/api/v1/shares', body, { headers });
    const again = await alice.post('/api/v1/shares', body, { headers });
    const [a, b] = await Promise.all([
      alice.post('/api/v1/shares', body, { headers: { 'idempotency-key': 'retry-2' } }),
      alice.post('/api/v1/shares', body, { headers: { 'idempotency-key': 'retry-2' } }),
    ]);
    const reused = await alice.post('/api/v1/shares', { ...body, network: 'linkedin' }, { headers });
    // another employee may use the same key for their own share
    const bob = await api(service.url, infra.token({ tenant, sub: 'bob' })).post('/api/v1/shares', body, {
      headers,
    });

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(bob.status).toBe(201);
    expect(bob.body.shareId).not.toBe(first.body.shareId);
    await waitFor(() => eventsOf(tenant, 'share.recorded').length >= 3);
    const ids = eventsOf(tenant, 'share.recorded').map((event) => event.payload.shareId);
    expect(ids.sort()).toEqual([first.body.shareId, a.body.shareId, bob.body.shareId].sort());
  });

  it('withdraws a share once (own or admin), emits share.withdrawn and answers 410 on its link', async () => {
    const tenant = newTenant();
    const [contentId] = await publishContent(infra, db, tenant);
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const bob = api(service.url, infra.token({ tenant, sub: 'bob' }));
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const stranger = api(service.url, infra.token({ tenant: newTenant(), sub: 'alice', roles: ['admin'] }));
    const mine = (await alice.post('/api/v1/shares', { contentId, network: 'facebook' })).body;
    const other = (await alice.post('/api/v1/shares', { contentId, network: 'x' })).body;
    expect((await alice.get(`/l/${mine.linkCode}`)).status).toBe(302);

    expect((await bob.delete(`/api/v1/shares/${mine.shareId}`)).status).toBe(403);
    expect((await stranger.delete(`/api/v1/shares/${mine.shareId}`)).status).toBe(404);
    expect((await alice.delete(`/api/v1/shares/${randomUUID()}`)).status).toBe(404);
    expect((await alice.delete('/api/v1/shares/not-a-uuid')).status).toBe(400);
    const withdrawn = await alice.delete(`/api/v1/shares/${mine.shareId}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({
      shareId: mine.shareId,
      status: 'withdrawn',
      withdrawnAt: '2026-03-10T10:00:00.000Z',
    });
    expect((await alice.delete(`/api/v1/shares/${mine.shareId}`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/shares/${other.shareId}`)).status).toBe(200);

    const gone = await api(service.url).get(`/l/${mine.linkCode}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toContain('text/html');

    await waitFor(() => eventsOf(tenant, 'share.withdrawn').length >= 2);
    const withdrawals = eventsOf(tenant, 'share.withdrawn').map((event) => event.payload);
    expect(withdrawals).toEqual(
      expect.arrayContaining([
        { shareId: mine.shareId, employeeId: 'alice', withdrawnBy: 'alice' },
        { shareId: other.shareId, employeeId: 'alice', withdrawnBy: 'root' },
      ]),
    );
    expect(withdrawals).toHaveLength(2);
  });

  it('validates, authenticates and checks roles', async () => {
    const tenant = newTenant();
    const integration = api(service.url, infra.token({ tenant, sub: 'crm', roles: ['integration'] }));
    const refused = await integration.post('/api/v1/shares', { contentId: randomUUID(), network: 'x' });
    expect(refused.status).toBe(403);
    const alice = api(service.url, infra.token({ tenant, sub: 'alice' }));
    const invalid = await alice.post(
      '/api/v1/shares',
      { contentId: randomUUID(), network: 'x' },
      {
        headers: { 'idempotency-key': 'has spaces' },
      },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('Idempotency-Key');
    expect((await api(service.url).post('/api/v1/shares', {})).status).toBe(401);
  });

  it('documents its endpoints in /openapi.json', async () => {
    const document = await api(service.url).get('/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/shares',
        '/api/v1/shares/{id}',
        '/l/{code}',
        '/api/v1/engagements',
        '/api/v1/analytics/summary',
        '/api/v1/analytics/emv',
        '/api/v1/baseline',
        '/api/v1/baseline/progress',
      ]),
    );
    expect(document.body.paths['/api/v1/shares'].post.requestBody).toBeDefined();
  });

  it('keeps its projection idempotent when an event is redelivered', async () => {
    const tenant = newTenant();
    const first = contentPublished(tenant, { title: 'Once' });
    const id = randomUUID();
    const contentId = first.payload.contentId;
    // the same envelope id again, with a changed title: the inbox must drop it
    const redelivered = { ...first, payload: { ...first.payload, title: 'Twice' } };
    const archived = {
      type: 'content.archived' as const,
      tenantId: tenant,
      subject: contentId,
      payload: { contentId, reason: 'manual' as const, archivedAt: '2026-03-09T00:00:00.000Z' },
    };
    await publish(infra, [{ ...first, id }, { ...redelivered, id }, archived]);
    await waitForRows(db, `SELECT 1 FROM tracking.contents WHERE tenant_id = $1 AND status = 'archived'`, [
      tenant,
    ]);
    expect(
      await rowsOf(db, 'SELECT title, status FROM tracking.contents WHERE tenant_id = $1', [tenant]),
    ).toEqual([{ title: 'Once', status: 'archived' }]);
  });
});
