import { randomUUID } from 'node:crypto';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  CollectedMessage,
  http,
  newTenant,
  startService,
  StartedService,
  TestInfra,
  waitFor,
  startTestInfra,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { ContentService } from '../src/content/content.service';

describe('content service: library and review workflow', () => {
  let infra: TestInfra;
  let service: StartedService;
  let contentEvents: { messages: CollectedMessage[]; stop: () => Promise<void> };
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));

  beforeAll(async () => {
    infra = await startTestInfra();
    service = await startService(createApp, infra.env, { clock });
    contentEvents = await collectTopic(infra.kafka, `${infra.prefix}content.v1`);
  });

  afterAll(async () => {
    await contentEvents?.stop();
    await service?.close();
    await infra?.teardown();
  });

  const eventsOf = (tenant: string, type?: string) =>
    contentEvents.messages
      .map((message) => message.json)
      .filter((event) => event?.tenantId === tenant && (!type || event.type === type));

  const people = (tenant: string) => ({
    editor: api(service.url, infra.token({ tenant, sub: 'erin', roles: ['editor'] })),
    reviewer: api(service.url, infra.token({ tenant, sub: 'rita', roles: ['reviewer'] })),
    admin: api(service.url, infra.token({ tenant, sub: 'ada', roles: ['admin'] })),
    employee: api(service.url, infra.token({ tenant, sub: 'emma', roles: ['employee'] })),
  });

  const draft = (overrides: Record<string, unknown> = {}) => ({
    title: 'Our new office opens',
    url: `https://example.com/news/${randomUUID()}`,
    summary: 'Bigger, greener, closer to the station',
    language: 'en',
    topics: ['offices', 'sustainability'],
    campaignId: 'spring',
    campaignPriority: 2,
    captions: { linkedin: ['Proud of our new office', 'Come visit us'], x: ['New office!'] },
    ...overrides,
  });

  it('takes a draft through review to published and archived, with one event per announced change', async () => {
    const tenant = newTenant();
    const { editor, reviewer } = people(tenant);
    const created = await editor.post('/api/v1/content', draft({ shareableUntil: '2026-04-01T00:00:00Z' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', createdBy: 'erin', submittedBy: null });
    const id = created.body.contentId as string;

    expect((await editor.post(`/api/v1/content/${id}/submit`)).body.status).toBe('in_review');
    const rejected = await reviewer.post(`/api/v1/content/${id}/reject`, { comment: 'Add a photo' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'draft', reviewComment: 'Add a photo' });
    await editor.post(`/api/v1/content/${id}/submit`);
    expect((await reviewer.post(`/api/v1/content/${id}/approve`)).body.status).toBe('approved');
    expect(eventsOf(tenant)).toHaveLength(0);

    const published = await reviewer.post(`/api/v1/content/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: '2026-03-10T10:00:00.000Z' });

    const patched = await http(
      'PATCH',
      `${service.url}/api/v1/content/${id}`,
      { title: 'Our new office is open' },
      {
        token: infra.token({ tenant, sub: 'erin', roles: ['editor'] }),
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('Our new office is open');

    const archived = await reviewer.post(`/api/v1/content/${id}/archive`, { comment: 'campaign over' });
    expect(archived.body.status).toBe('archived');
    const editorToken = infra.token({ tenant, sub: 'erin', roles: ['editor'] });
    const late = await http(
      'PATCH',
      `${service.url}/api/v1/content/${id}`,
      { title: 'Too late' },
      { token: editorToken },
    );
    expect(late.status).toBe(409);
    const byEmployee = await http(
      'PATCH',
      `${service.url}/api/v1/content/${id}`,
      { title: 'Mine' },
      {
        token: infra.token({ tenant, sub: 'emma' }),
      },
    );
    expect(byEmployee.status).toBe(403);
    const elsewhere = await http(
      'PATCH',
      `${service.url}/api/v1/content/${id}`,
      { title: 'Theirs' },
      {
        token: infra.token({ tenant: newTenant(), sub: 'erin', roles: ['editor'] }),
      },
    );
    expect(elsewhere.status).toBe(404);
    const empty = await http('PATCH', `${service.url}/api/v1/content/${id}`, {}, { token: editorToken });
    expect(empty.status).toBe(400);

    const events = await waitFor(() => {
      const seen = eventsOf(tenant);
      return seen.length >= 3 ? seen : undefined;
    });
    expect(events.map((event) => event.type)).toEqual([
      'content.published',
      'content.updated',
      'content.archived',
    ]);
    expect(events[0].payload).toMatchObject({
      contentId: id,
      title: 'Our new office opens',
      topics: ['offices', 'sustainability'],
      campaignId: 'spring',
      shareableUntil: '2026-04-01T00:00:00.000Z',
      submittedBy: null,
    });
    expect(events[1].payload).toMatchObject({ contentId: id, title: 'Our new office is open' });
    expect(events[2].payload).toEqual({
      contentId: id,
      reason: 'manual',
      archivedAt: '2026-03-10T10:00:00.000Z',
    });

    const detail = await reviewer.get(`/api/v1/content/${id}`);
    expect(detail.body.transitions.map((step: { to: string }) => step.to)).toEqual([
      'draft',
      'in_review',
      'draft',
      'in_review',
      'approved',
      'published',
      'archived',
    ]);
    expect(detail.body.transitions[2]).toMatchObject({ actor: 'rita', comment: 'Add a photo' });
  });

  it('answers 409 for an illegal transition and 403 when an employee approves', async () => {
    const tenant = newTenant();
    const { editor, reviewer, employee } = people(tenant);
    const id = (await editor.post('/api/v1/content', draft())).body.contentId as string;

    const early = await reviewer.post(`/api/v1/content/${id}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('illegal_transition');

    await editor.post(`/api/v1/content/${id}/submit`);
    const byEmployee = await employee.post(`/api/v1/content/${id}/approve`);
    expect(byEmployee.status).toBe(403);
    expect(byEmployee.body.error.code).toBe('forbidden');
    const createdByEmployee = await employee.post('/api/v1/content', draft());
    expect(createdByEmployee.status).toBe(403);

    expect((await reviewer.get(`/api/v1/content/${id}`)).body.status).toBe('in_review');
    expect((await reviewer.post(`/api/v1/content/${id}/submit`)).status).toBe(403);
    expect((await editor.post(`/api/v1/content/${id}/submit`)).status).toBe(409);
  });

  it('answers 400 naming the field, refuses javascript: URLs and a reject without comment', async () => {
    const { editor, reviewer } = people(newTenant());
    const invalid = await editor.post('/api/v1/content', draft({ title: '', topics: 'ai' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(invalid.body.error.message).toContain('title');
    expect(invalid.body.error.message).toContain('topics');

    const script = await editor.post('/api/v1/content', draft({ url: 'javascript:alert(1)' }));
    expect(script.status).toBe(400);
    expect(script.body.error.message).toContain('url');
    const image = await editor.post('/api/v1/content', draft({ imageUrl: 'data:image/png;base64,AAAA' }));
    expect(image.status).toBe(400);
    expect(image.body.error.message).toContain('imageUrl');

    const window = await editor.post(
      '/api/v1/content',
      draft({ shareableFrom: '2026-04-01T00:00:00Z', shareableUntil: '2026-03-01T00:00:00Z' }),
    );
    expect(window.status).toBe(400);
    expect(window.body.error.message).toContain('shareableUntil');

    const tooLong = await editor.post('/api/v1/content', draft({ title: 'x'.repeat(201) }));
    expect(tooLong.status).toBe(400);

    const id = (await editor.post('/api/v1/content', draft())).body.contentId as string;
    await editor.post(`/api/v1/content/${id}/submit`);
    const reject = await reviewer.post(`/api/v1/content/${id}/reject`, {});
    expect(reject.status).toBe(400);
    expect(reject.body.error.message).toContain('comment');
    expect((await reviewer.get('/api/v1/content/not-a-uuid')).status).toBe(400);

    const html = '<script>alert(1)</script>';
    const stored = await editor.post('/api/v1/content', draft({ summary: html }));
    expect(stored.headers.get('content-type')).toContain('application/json');
    expect(stored.body.summary).toBe(html);
  });

  it('describes every route in /openapi.json from the same zod schemas', async () => {
    const spec = await api(service.url).get('/openapi.json');
    expect(spec.status).toBe(200);
    const paths = Object.keys(spec.body.paths);
    for (const path of [
      '/api/v1/content',
      '/api/v1/content/propose',
      '/api/v1/content/{id}/approve',
      '/api/v1/feed',
      '/api/v1/guidelines/check',
      '/api/v1/me/profile',
      '/api/v1/roles',
      '/api/v1/sources',
      '/api/v1/tenant/settings',
    ])
      expect(paths).toContain(path);
    // the body is a named component, generated from the same zod schema
    expect(JSON.stringify(spec.body.paths['/api/v1/content'])).toContain(
      '#/components/schemas/CreateContentBody',
    );
    expect(JSON.stringify(spec.body.components.schemas.CreateContentBody)).toContain('shareableUntil');
  });

  it('refuses a second item with the same url in a tenant, but not in another tenant', async () => {
    const url = `https://example.com/dup/${randomUUID()}`;
    const first = people(newTenant());
    expect((await first.editor.post('/api/v1/content', draft({ url }))).status).toBe(201);
    const again = await first.editor.post('/api/v1/content', draft({ url }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate_url');
    expect((await people(newTenant()).editor.post('/api/v1/content', draft({ url }))).status).toBe(201);
  });

  it("keeps tenants apart: another tenant's item is a 404 everywhere", async () => {
    const acme = people(newTenant('acme'));
    const globex = people(newTenant('globex'));
    const id = (await acme.editor.post('/api/v1/content', draft())).body.contentId as string;

    expect((await globex.admin.get(`/api/v1/content/${id}`)).status).toBe(404);
    for (const action of ['submit', 'approve', 'publish', 'archive']) {
      const response = await globex.admin.post(`/api/v1/content/${id}/${action}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const list = await globex.admin.get('/api/v1/content');
    expect(list.body.items).toEqual([]);
    expect(
      (await acme.admin.get('/api/v1/content')).body.items.map(
        (item: { contentId: string }) => item.contentId,
      ),
    ).toEqual([id]);
    expect(
      (await globex.employee.post('/api/v1/guidelines/check', { network: 'x', text: 'hi', contentId: id }))
        .status,
    ).toBe(404);
  });

  it('puts an employee proposal into review and publishes it with submittedBy', async () => {
    const tenant = newTenant();
    const { reviewer, employee, admin } = people(tenant);
    const proposed = await employee.post(
      '/api/v1/content/propose',
      draft({ title: 'Great article about us' }),
    );
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'in_review', submittedBy: 'emma' });
    const id = proposed.body.contentId as string;

    expect((await employee.get(`/api/v1/content/${id}`)).status).toBe(200);
    const colleague = api(service.url, infra.token({ tenant, sub: 'otto', roles: ['employee'] }));
    expect((await colleague.get(`/api/v1/content/${id}`)).status).toBe(404);

    await reviewer.post(`/api/v1/content/${id}/approve`);
    await admin.post(`/api/v1/content/${id}/publish`);
    const [published] = await waitFor(() => {
      const seen = eventsOf(tenant, 'content.published');
      return seen.length > 0 ? seen : undefined;
    });
    expect(published.payload).toMatchObject({ contentId: id, submittedBy: 'emma' });
    expect(published.key).toBe(`${tenant}:${id}`);
    expect((await colleague.get(`/api/v1/content/${id}`)).status).toBe(200);
  });

  it('archives published items whose window passed when the job runs, once', async () => {
    const tenant = newTenant();
    const { editor, reviewer } = people(tenant);
    const publish = async (until: string) => {
      const id = (await editor.post('/api/v1/content', draft({ shareableUntil: until }))).body
        .contentId as string;
      await editor.post(`/api/v1/content/${id}/submit`);
      await reviewer.post(`/api/v1/content/${id}/approve`);
      await reviewer.post(`/api/v1/content/${id}/publish`);
      return id;
    };
    const soon = await publish('2026-03-10T12:00:00Z');
    const later = await publish('2026-03-20T00:00:00Z');
    const jobs = service.app.get(ContentService);

    expect(await jobs.runAutoArchive({ tenants: [tenant] })).toBe(0);
    clock.set('2026-03-10T12:00:00Z');
    try {
      expect(await jobs.runAutoArchive({ tenants: [tenant] })).toBe(1);
      expect(await jobs.runAutoArchive({ tenants: [tenant] })).toBe(0);
    } finally {
      clock.set('2026-03-10T10:00:00Z');
    }
    expect((await reviewer.get(`/api/v1/content/${soon}`)).body.status).toBe('archived');
    expect((await reviewer.get(`/api/v1/content/${later}`)).body.status).toBe('published');
    const [archived] = await waitFor(() => {
      const seen = eventsOf(tenant, 'content.archived');
      return seen.length > 0 ? seen : undefined;
    });
    expect(archived.payload).toEqual({
      contentId: soon,
      reason: 'expired',
      archivedAt: '2026-03-10T12:00:00.000Z',
    });
  });
});
