import { randomUUID } from 'node:crypto';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  CollectedMessage,
  newTenant,
  startService,
  StartedService,
  TestInfra,
  waitFor,
  startTestInfra,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { SuggestionsService } from '../src/suggestions/suggestions.service';

jest.setTimeout(90_000);

describe('content service: daily suggestions with two replicas', () => {
  let infra: TestInfra;
  let replicas: StartedService[];
  let suggestions: { messages: CollectedMessage[]; stop: () => Promise<void> };
  // 07:30 in Amsterdam (UTC+1 in March): before the default 08:00 suggestion hour
  const clock = new ManualClock(new Date('2026-03-10T06:30:00Z'));

  beforeAll(async () => {
    infra = await startTestInfra();
    replicas = [
      await startService(createApp, infra.env, { clock }),
      await startService(createApp, infra.env, { clock }),
    ];
    suggestions = await collectTopic(infra.kafka, `${infra.prefix}suggestion.v1`);
  });

  afterAll(async () => {
    await suggestions?.stop();
    await Promise.all((replicas ?? []).map((replica) => replica.close()));
    await infra?.teardown();
  });

  const suggestedIn = (tenant: string) =>
    suggestions.messages
      .map((message) => message.json)
      .filter((event) => event?.tenantId === tenant && event.type === 'content.suggested');

  const runOnBoth = (tenant: string) =>
    Promise.all(
      replicas.map((replica) =>
        replica.app.get(SuggestionsService).runDailySuggestions({ tenants: [tenant] }),
      ),
    );

  it('emits one set of content.suggested per tenant and local day, whichever replica claims it', async () => {
    const tenant = newTenant();
    const [first, second] = replicas;
    const editor = api(first.url, infra.token({ tenant, sub: 'erin', roles: ['editor'] }));
    const reviewer = api(second.url, infra.token({ tenant, sub: 'rita', roles: ['reviewer'] }));
    const published: string[] = [];
    for (const [index, topics] of [['ai'], ['hr'], ['ai', 'cloud'], ['sales']].entries()) {
      const created = await editor.post('/api/v1/content', {
        title: `Item ${index}`,
        url: `https://example.com/${randomUUID()}`,
        topics,
      });
      const id = created.body.contentId as string;
      await editor.post(`/api/v1/content/${id}/submit`);
      await reviewer.post(`/api/v1/content/${id}/approve`);
      await reviewer.post(`/api/v1/content/${id}/publish`);
      published.push(id);
    }
    const profiles: [string, string | null, string][] = [
      ['alice', 'sharer', 'en'], // 2 a day
      ['bob', 'storyteller', 'en'], // 3 a day
      ['carol', null, 'en'], // no role yet: 1 a day
      ['dieter', 'expert', 'de'], // nothing in German: no suggestion
    ];
    for (const [sub, role, language] of profiles) {
      const saved = await api(first.url, infra.token({ tenant, sub })).put('/api/v1/me/profile', {
        displayName: sub,
        language,
        topics: ['ai'],
        role,
      });
      expect(saved.status).toBe(200);
    }

    expect(await runOnBoth(tenant)).toEqual([[], []]);

    clock.set('2026-03-10T07:05:00Z'); // 08:05 in Amsterdam
    const runs = (await runOnBoth(tenant)).flat();
    expect(runs).toEqual([{ tenantId: tenant, day: '2026-03-10', suggested: 3 }]);
    expect((await runOnBoth(tenant)).flat()).toEqual([]);

    // Every advocate reads the day's picks and the reason; someone without any reads an empty day.
    const bobToday = await api(second.url, infra.token({ tenant, sub: 'bob' })).get('/api/v1/suggestions');
    expect(bobToday.status).toBe(200);
    expect(bobToday.body.day).toBe('2026-03-10');
    expect(bobToday.body.reason).toMatch(/^today's picks/);
    expect(bobToday.body.items).toHaveLength(3);
    for (const item of bobToday.body.items) expect(published).toContain(item.contentId);
    const nobody = await api(first.url, infra.token({ tenant, sub: 'zed' })).get('/api/v1/suggestions');
    expect(nobody.body).toEqual({ day: '2026-03-10', reason: null, items: [] });

    // the next local day runs again; its events share partitions (tenant:employee) with the first
    // day's, so once they arrived every first-day event has arrived too
    clock.set('2026-03-11T07:05:00Z');
    expect((await runOnBoth(tenant)).flat()).toEqual([{ tenantId: tenant, day: '2026-03-11', suggested: 3 }]);
    await waitFor(
      () => suggestedIn(tenant).filter((event) => event.payload.day === '2026-03-11').length === 3,
    );

    const firstDay = suggestedIn(tenant).filter((event) => event.payload.day === '2026-03-10');
    expect(firstDay).toHaveLength(3);
    const byEmployee = new Map(firstDay.map((event) => [event.payload.employeeId, event]));
    expect([...byEmployee.keys()].sort()).toEqual(['alice', 'bob', 'carol']);
    expect(byEmployee.get('alice').payload.contentIds).toHaveLength(2);
    expect(byEmployee.get('bob').payload.contentIds).toHaveLength(3);
    expect(byEmployee.get('carol').payload.contentIds).toHaveLength(1);
    expect(byEmployee.get('alice').key).toBe(`${tenant}:alice`);
    // the best match for an "ai" reader comes first: an item about ai and cloud or ai alone
    expect([published[0], published[2]]).toContain(byEmployee.get('alice').payload.contentIds[0]);
    for (const event of firstDay) for (const id of event.payload.contentIds) expect(published).toContain(id);

    // the next day offers what was not offered yet: bob had 3 of the 4 items, so he gets the last one
    const secondDay = new Map(
      suggestedIn(tenant)
        .filter((event) => event.payload.day === '2026-03-11')
        .map((event) => [event.payload.employeeId, event.payload.contentIds as string[]]),
    );
    expect(secondDay.get('alice')).toHaveLength(2);
    expect(secondDay.get('bob')).toHaveLength(1);
    for (const [employee, ids] of secondDay)
      for (const id of ids) expect(byEmployee.get(employee).payload.contentIds).not.toContain(id);

    // the app reads the day's picks back: the same ids as the event, with the same reason
    const mine = await api(first.url, infra.token({ tenant, sub: 'alice' })).get('/api/v1/suggestions');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      day: '2026-03-11',
      reason: expect.stringMatching(/^today's picks for a /),
    });
    expect(mine.body.items.map((item: { contentId: string }) => item.contentId).sort()).toEqual(
      [...secondDay.get('alice')!].sort(),
    );
    const dieter = await api(first.url, infra.token({ tenant, sub: 'dieter' })).get('/api/v1/suggestions');
    expect(dieter.body).toMatchObject({ day: '2026-03-11', items: [] });
  });

  it("follows the tenant's time zone and suggestion hour from /tenant/settings", async () => {
    const tenant = newTenant();
    const [first] = replicas;
    const admin = api(first.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const employee = api(first.url, infra.token({ tenant, sub: 'emma' }));
    expect((await admin.get('/api/v1/tenant/settings')).body).toEqual({
      timeZone: 'Europe/Amsterdam',
      weekStart: 'monday',
      languages: ['en'],
      programmeName: 'Advocacy',
      suggestionHour: 8,
      version: 0,
      updatedAt: null,
    });
    expect((await employee.put('/api/v1/tenant/settings', { timeZone: 'Asia/Tokyo' })).status).toBe(403);
    const invalid = await admin.put('/api/v1/tenant/settings', { timeZone: 'Mars/Olympus' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('timeZone');
    expect(
      (await admin.put('/api/v1/tenant/settings', { timeZone: 'Asia/Tokyo', suggestionHour: 9 })).status,
    ).toBe(200);
    await employee.put('/api/v1/me/profile', { displayName: 'Emma' });

    clock.set('2026-03-15T23:30:00Z'); // 08:30 on the 16th in Tokyo: before 09:00
    expect((await runOnBoth(tenant)).flat()).toEqual([]);
    clock.set('2026-03-16T00:05:00Z'); // 09:05 on the 16th in Tokyo
    expect((await runOnBoth(tenant)).flat()).toEqual([{ tenantId: tenant, day: '2026-03-16', suggested: 0 }]);
  });
});
