import { randomUUID } from 'node:crypto';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  CollectedMessage,
  newTenant,
  publishEvents,
  startService,
  StartedService,
  TestInfra,
  waitFor,
  startTestInfra,
} from '@advocacy/testing';
import { createApp } from '../src/app';

describe('content service: profiles, roles, guidelines and the personal feed', () => {
  let infra: TestInfra;
  let service: StartedService;
  const collected: { messages: CollectedMessage[]; stop: () => Promise<void> }[] = [];
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));

  beforeAll(async () => {
    infra = await startTestInfra();
    service = await startService(createApp, infra.env, { clock });
    for (const topic of ['advocate.v1', 'guidelines.v1'])
      collected.push(await collectTopic(infra.kafka, `${infra.prefix}${topic}`));
  });

  afterAll(async () => {
    await Promise.all(collected.map((collector) => collector.stop()));
    await service?.close();
    await infra?.teardown();
  });

  const eventsOf = (tenant: string, type: string) =>
    collected
      .flatMap((collector) => collector.messages)
      .map((message) => message.json)
      .filter((event) => event?.tenantId === tenant && event.type === type);

  const as = (
    tenant: string,
    sub: string,
    roles: ('employee' | 'editor' | 'reviewer' | 'admin')[] = ['employee'],
  ) => api(service.url, infra.token({ tenant, sub, roles }));

  describe('profiles and roles', () => {
    it('seeds default roles and lets only admins replace them', async () => {
      const tenant = newTenant();
      const roles = await as(tenant, 'alice').get('/api/v1/roles');
      expect(roles.status).toBe(200);
      expect(roles.body.roles.map((role: { roleId: string }) => role.roleId)).toEqual([
        'supporter',
        'sharer',
        'storyteller',
        'expert',
      ]);
      expect(roles.body.roles[0]).toMatchObject({
        effort: 'low',
        impact: 'low',
        weeklyShareGoal: 1,
        goalPeriodWeeks: 2,
      });

      const replacement = {
        roles: [
          {
            roleId: 'ambassador',
            name: 'Ambassador',
            effort: 'medium',
            impact: 'high',
            weeklyShareGoal: 4,
            dailySuggestions: 2,
            description: 'Represents us at events',
          },
        ],
      };
      expect((await as(tenant, 'alice').put('/api/v1/roles', replacement)).status).toBe(403);
      const invalid = await as(tenant, 'root', ['admin']).put('/api/v1/roles', {
        roles: [{ ...replacement.roles[0], effort: 'huge' }],
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('roles.0.effort');
      expect((await as(tenant, 'root', ['admin']).put('/api/v1/roles', replacement)).status).toBe(200);
      // A weekly goal unless the role says otherwise; the goals go out to the other services.
      expect((await as(tenant, 'alice').get('/api/v1/roles')).body.roles).toEqual([
        { ...replacement.roles[0], goalPeriodWeeks: 1 },
      ]);
      const announced = await waitFor(() => eventsOf(tenant, 'advocate.roles-updated')[0]);
      expect(announced.payload).toEqual({
        roles: [{ roleId: 'ambassador', weeklyShareGoal: 4, goalPeriodWeeks: 1 }],
        updatedAt: '2026-03-10T10:00:00.000Z',
      });
      expect((await as(newTenant(), 'bob').get('/api/v1/roles')).body.roles).toHaveLength(4);
    });

    it('saves the profile and emits advocate.profile-updated; an unknown role is a 422', async () => {
      const tenant = newTenant();
      const alice = as(tenant, 'alice');
      const initial = await alice.get('/api/v1/me/profile');
      expect(initial.body).toMatchObject({
        employeeId: 'alice',
        displayName: 'alice',
        role: null,
        updatedAt: null,
      });

      // Team and audience are the company's (issue 11: self-declared followers and teams farmed points).
      for (const field of [{ teamId: 'sales' }, { followers: { linkedin: 1e9 } }]) {
        const refused = await alice.put('/api/v1/me/profile', { displayName: 'Alice A.', ...field });
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toContain(Object.keys(field)[0]);
      }
      const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
      const entry = await admin.put('/api/v1/advocates/alice', {
        teamId: 'sales',
        followers: { linkedin: 500, x: 20 },
      });
      expect(entry.status).toBe(200);
      const profile = {
        language: 'nl',
        topics: ['ai', 'cloud'],
        role: 'storyteller',
      };
      const saved = await alice.put('/api/v1/me/profile', profile);
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        ...profile,
        teamId: 'sales',
        followers: { linkedin: 500, x: 20 },
        managed: true,
        employeeId: 'alice',
        updatedAt: '2026-03-10T10:00:00.000Z',
      });
      expect((await alice.get('/api/v1/me/profile')).body).toMatchObject(profile);

      const changedRole = await alice.put('/api/v1/me/profile', { ...profile, role: 'supporter' });
      expect(changedRole.status).toBe(200);
      const withTeamClaim = api(
        service.url,
        infra.token({ tenant: newTenant(), sub: 'tom', team: 'marketing' }),
      );
      expect((await withTeamClaim.put('/api/v1/me/profile', { displayName: 'Tom' })).body.teamId).toBe(
        'marketing',
      );

      const unknown = await alice.put('/api/v1/me/profile', { ...profile, role: 'ceo' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('unknown_role');
      const invalid = await admin.put('/api/v1/advocates/alice', { followers: { myspace: 3 } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('followers');

      const events = await waitFor(() => {
        const seen = eventsOf(tenant, 'advocate.profile-updated');
        return seen.length >= 3 ? seen : undefined;
      });
      // the admin's directory entry, then the employee's two choices
      expect(events).toHaveLength(3);
      expect(events[1].key).toBe(`${tenant}:alice`);
      expect(events[1].payload).toEqual({
        employeeId: 'alice',
        displayName: 'alice',
        teamId: 'sales',
        managerId: null,
        active: true,
        role: 'storyteller',
        topics: ['ai', 'cloud'],
        language: 'nl',
        followers: { linkedin: 500, x: 20 },
      });
      expect(events[2].payload.role).toBe('supporter');
      expect(eventsOf(newTenant(), 'advocate.profile-updated')).toEqual([]);
    });
  });

  describe('guidelines', () => {
    const rules = {
      blockedTerms: ['project falcon'],
      confidentialPatterns: [{ name: 'code name', pattern: 'PRJ-\\d+' }],
      requiredDisclosure: { linkedin: '#employee' },
      maxLength: { x: 100 },
    };

    it('publishes versions, checks texts with offsets and records acknowledgements once', async () => {
      const tenant = newTenant();
      const admin = as(tenant, 'root', ['admin']);
      const alice = as(tenant, 'alice');

      expect((await alice.get('/api/v1/guidelines')).body).toMatchObject({ version: 0, acknowledged: false });
      expect((await alice.put('/api/v1/guidelines', { document: '# Rules', rules })).status).toBe(403);
      const badRegex = await admin.put('/api/v1/guidelines', {
        rules: { confidentialPatterns: [{ name: 'broken', pattern: '(' }] },
      });
      expect(badRegex.status).toBe(400);
      expect(badRegex.body.error.message).toContain('rules.confidentialPatterns.0.pattern');

      const published = await admin.put('/api/v1/guidelines', { document: '# Be kind', rules });
      expect(published.status).toBe(200);
      expect(published.body.version).toBe(1);

      const text = 'Working on Project Falcon today';
      const check = await alice.post('/api/v1/guidelines/check', { network: 'linkedin', text });
      expect(check.status).toBe(200);
      expect(check.body.verdict).toBe('blocked');
      const blocked = check.body.findings.find(
        (finding: { rule: string }) => finding.rule === 'blocked_term',
      );
      expect(text.slice(blocked.start, blocked.end)).toBe('Project Falcon');
      expect(check.body.findings.map((finding: { rule: string }) => finding.rule)).toContain('disclosure');

      const safe = await alice.post('/api/v1/guidelines/check', { network: 'x', text: 'Great day at work' });
      expect(safe.body).toEqual({ verdict: 'safe', findings: [] });
      const invalid = await alice.post('/api/v1/guidelines/check', { network: 'myspace', text: 1 });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('network');
      expect(invalid.body.error.message).toContain('text');

      const stale = await alice.post('/api/v1/guidelines/acknowledge', { version: 2 });
      expect(stale.status).toBe(409);
      expect((await alice.post('/api/v1/guidelines/acknowledge', { version: 1 })).status).toBe(200);
      expect((await alice.post('/api/v1/guidelines/acknowledge', { version: 1 })).status).toBe(200);
      expect((await alice.get('/api/v1/guidelines')).body).toMatchObject({
        version: 1,
        document: '# Be kind',
        acknowledged: true,
      });

      const [event] = await waitFor(() => {
        const seen = eventsOf(tenant, 'guidelines.published');
        return seen.length > 0 ? seen : undefined;
      });
      expect(event.payload).toMatchObject({ version: 1, document: '# Be kind' });
      expect(event.payload.rules.blockedTerms).toEqual(['project falcon']);
      const acks = await waitFor(() => {
        const seen = eventsOf(tenant, 'guidelines.acknowledged');
        return seen.length > 0 ? seen : undefined;
      });
      expect(acks.map((ack) => ack.payload)).toEqual([{ employeeId: 'alice', version: 1 }]);

      // a new version needs a new acknowledgement
      expect((await admin.put('/api/v1/guidelines', { document: '# v2', rules })).body.version).toBe(2);
      await waitFor(() => eventsOf(tenant, 'guidelines.published').length === 2);
      expect(eventsOf(tenant, 'guidelines.acknowledged')).toHaveLength(1);
      expect((await alice.get('/api/v1/guidelines')).body).toMatchObject({ version: 2, acknowledged: false });
      expect((await as(newTenant(), 'alice').get('/api/v1/guidelines')).body.version).toBe(0);
    });

    it('lists every version with its acknowledgements and the rate among active advocates, for admins', async () => {
      const tenant = newTenant();
      const admin = as(tenant, 'root', ['admin']);
      for (const id of ['alice', 'bob'])
        expect((await admin.put(`/api/v1/advocates/${id}`, { teamId: 'sales' })).status).toBe(200);
      expect((await admin.get('/api/v1/guidelines/versions')).body).toEqual({ advocates: 2, items: [] });
      expect((await admin.put('/api/v1/guidelines', { document: '# v1', rules })).status).toBe(200);
      for (const id of ['alice', 'carol'])
        expect((await as(tenant, id).post('/api/v1/guidelines/acknowledge', { version: 1 })).status).toBe(
          200,
        );
      expect((await admin.put('/api/v1/guidelines', { document: '# v2', rules })).status).toBe(200);
      expect((await as(tenant, 'bob').post('/api/v1/guidelines/acknowledge', { version: 2 })).status).toBe(
        200,
      );

      const versions = await admin.get('/api/v1/guidelines/versions');
      expect(versions.status).toBe(200);
      // carol acknowledged but is no advocate: she counts, not towards the rate
      expect(versions.body).toMatchObject({
        advocates: 2,
        items: [
          { version: 2, publishedBy: 'root', acknowledged: 1, rate: 0.5 },
          { version: 1, publishedBy: 'root', acknowledged: 2, rate: 0.5 },
        ],
      });
      expect((await as(tenant, 'alice').get('/api/v1/guidelines/versions')).status).toBe(403);
    });
  });

  describe('feed', () => {
    const publishItem = async (tenant: string, item: Record<string, unknown>) => {
      const editor = as(tenant, 'erin', ['editor']);
      const reviewer = as(tenant, 'rita', ['reviewer']);
      const created = await editor.post('/api/v1/content', {
        url: `https://example.com/${randomUUID()}`,
        language: 'en',
        ...item,
      });
      expect(created.status).toBe(201);
      const id = created.body.contentId as string;
      await editor.post(`/api/v1/content/${id}/submit`);
      await reviewer.post(`/api/v1/content/${id}/approve`);
      expect((await reviewer.post(`/api/v1/content/${id}/publish`)).status).toBe(200);
      return id;
    };

    it('offers shareable items in my language that I have not shared, ranked, with a caption per network', async () => {
      const tenant = newTenant();
      const linkedinCaptions = ['Caption one', 'Caption two', 'Caption three', 'Caption four'];
      const topical = await publishItem(tenant, {
        title: 'AI at work',
        topics: ['ai'],
        captions: { linkedin: linkedinCaptions, x: ['Short one'] },
      });
      const campaign = await publishItem(tenant, { title: 'Campaign', topics: ['hr'], campaignPriority: 1 });
      await publishItem(tenant, { title: 'Dutch', language: 'nl', topics: ['ai'] });
      await publishItem(tenant, { title: 'Not yet', topics: ['ai'], shareableFrom: '2026-03-11T00:00:00Z' });
      await publishItem(tenant, {
        title: 'Too late',
        topics: ['ai'],
        shareableUntil: '2026-03-10T09:00:00Z',
      });
      await as(tenant, 'erin', ['editor']).post('/api/v1/content', {
        title: 'Draft only',
        url: `https://example.com/${randomUUID()}`,
      });

      const alice = as(tenant, 'alice');
      await api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] })).put(
        '/api/v1/advocates/alice',
        {
          displayName: 'Alice',
          followers: { linkedin: 300 },
        },
      );
      await alice.put('/api/v1/me/profile', { language: 'en', topics: ['ai'] });
      const feed = await alice.get('/api/v1/feed');
      expect(feed.status).toBe(200);
      expect(feed.body.total).toBe(2);
      expect(feed.body.items.map((item: { contentId: string }) => item.contentId)).toEqual([
        topical,
        campaign,
      ]);
      expect(feed.body.items[0].score).toBeGreaterThan(feed.body.items[1].score);
      expect(Object.keys(feed.body.items[0].captions)).toEqual(['linkedin']);
      expect(linkedinCaptions).toContain(feed.body.items[0].captions.linkedin);
      expect(feed.body.items[1].captions).toEqual({});

      const page = await alice.get('/api/v1/feed?limit=1&offset=1');
      expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(page.body.items.map((item: { contentId: string }) => item.contentId)).toEqual([campaign]);
      expect((await alice.get('/api/v1/feed?limit=0')).status).toBe(400);

      // another language, or every language, on request; each item says its language
      const dutch = await alice.get('/api/v1/feed?language=nl');
      expect(
        dutch.body.items.map((item: { title: string; language: string }) => [item.title, item.language]),
      ).toEqual([['Dutch', 'nl']]);
      const every = await alice.get('/api/v1/feed?language=all');
      expect(every.body.total).toBe(3);
      expect(new Set(every.body.items.map((item: { language: string }) => item.language))).toEqual(
        new Set(['en', 'nl']),
      );
      const badLanguage = await alice.get('/api/v1/feed?language=not%20a%20tag');
      expect(badLanguage.status).toBe(400);
      expect(JSON.stringify(badLanguage.body.error.details)).toContain('language');

      // colleagues without a profile get every network and, between them, different captions
      const picked = new Set<string>();
      for (let index = 0; index < 12; index += 1) {
        const colleague = await as(tenant, `colleague-${index}`).get('/api/v1/feed');
        const item = colleague.body.items.find((entry: { contentId: string }) => entry.contentId === topical);
        expect(Object.keys(item.captions).sort()).toEqual(['linkedin', 'x']);
        picked.add(item.captions.linkedin);
      }
      expect(picked.size).toBeGreaterThan(1);

      // once alice shared it (share.v1, redelivered twice), the item leaves her feed only
      const share = {
        type: 'share.recorded' as const,
        tenantId: tenant,
        subject: 'alice',
        id: randomUUID(),
        payload: {
          shareId: randomUUID(),
          employeeId: 'alice',
          teamId: null,
          contentId: topical,
          network: 'linkedin' as const,
          linkCode: 'AbCdEfGh12',
        },
      };
      await publishEvents(infra.kafka, infra.prefix, [share, share]);
      const after = await waitFor(async () => {
        const response = await alice.get('/api/v1/feed');
        return response.body.total === 1 ? response.body : undefined;
      });
      expect(after.items.map((item: { contentId: string }) => item.contentId)).toEqual([campaign]);
      expect((await as(tenant, 'bob').get('/api/v1/feed')).body.total).toBe(2);
      expect((await as(newTenant(), 'alice').get('/api/v1/feed')).body.total).toBe(0);
    });
  });
});
