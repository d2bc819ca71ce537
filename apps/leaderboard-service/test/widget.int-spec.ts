import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  api,
  newTenant,
  publishEvents,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
  launchChromium,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import type { Browser } from 'playwright-core';
import { createApp } from '../src/app';
import { deleteTenantKeys, pointsEvent } from './helpers';

const ARTIFACTS = join(__dirname, '../../../tests/artifacts');

describe('widget in headless Chromium', () => {
  const setUp = useTestSetUp({ PERIOD_CLOSE_INTERVAL_MS: '0', SSE_COALESCE_MS: '200' });
  let infra: TestInfra;
  let service: StartedService;
  let browser: Browser;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    setUp.release(new Redis(infra.env.REDIS_URL as string), async (client) => {
      for (const tenant of tenants) await deleteTenantKeys(client, tenant);
      client.disconnect();
    });
    browser = setUp.release(await launchChromium(), (chromium) => chromium.close());
  });

  it('shows the board of its embed key, follows points from Kafka and stops when the key is revoked', async () => {
    const t = newTenant('widget');
    tenants.push(t);
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'advocate.profile-updated',
        tenantId: t,
        subject: 'amy',
        payload: {
          employeeId: 'amy',
          displayName: 'Amy Adams',
          teamId: 'sales',
          role: null,
          topics: [],
          language: 'en',
        },
      },
      pointsEvent(t, 'amy', 30, { teamId: 'sales' }),
      pointsEvent(t, 'bob', 20, { teamId: 'sales' }),
      pointsEvent(t, 'cat', 10, { teamId: 'ops' }),
    ]);
    const admin = api(service.url, infra.token({ tenant: t, sub: 'root', roles: ['admin'] }));
    await waitFor(async () => (await admin.get('/api/v1/leaderboards/global')).body.total === 3);
    const minted = await admin.post('/api/v1/embed-keys', {
      name: 'Lobby',
      scope: 'global',
      periods: ['all'],
    });
    expect(minted.status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 480, height: 420 } });
    try {
      const errors: string[] = [];
      const requested: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(`${service.url}${minted.body.embedPath as string}`);
      const widget = page.locator('advocacy-leaderboard');
      const rows = page.locator('advocacy-leaderboard li');
      const order = () => rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));
      await waitFor(async () => (await order()).length === 3, { message: 'snapshot rendered' });
      expect(await order()).toEqual(['amy', 'bob', 'cat']);
      expect(await rows.first().locator('.name').textContent()).toBe('Amy Adams');
      expect(await widget.getAttribute('data-state')).toBe('live');
      // the secret left the address at once, and no request carried it in a URL
      expect(page.url()).toBe(`${service.url}/widget/${minted.body.keyId as string}`);
      const secret = (minted.body.key as string).split('.')[1];
      expect(requested.filter((url) => url.includes(secret))).toEqual([]);

      await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'bob', 25, { teamId: 'sales' })]);
      await waitFor(async () => (await order())[0] === 'bob', { message: 'bob moved to the top' });
      expect(await order()).toEqual(['bob', 'amy', 'cat']);
      expect(await rows.first().getAttribute('data-points')).toBe('45');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'widget.png') });

      expect((await admin.delete(`/api/v1/embed-keys/${minted.body.keyId as string}`)).status).toBe(204);
      await waitFor(async () => (await widget.getAttribute('data-state')) === 'revoked', {
        message: 'the widget saw the revocation',
      });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
