import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
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
import { deleteTenantKeys, pointsEvent, shareEvent } from './helpers';

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

  it('shows the top 10 and the viewer, follows points from Kafka and toasts a badge', async () => {
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
    const token = infra.token({ tenant: t, sub: 'bob' });
    await waitFor(async () => {
      const response = await fetch(`${service.url}/api/v1/leaderboards/global`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await response.json()) as { total: number }).total === 3;
    });

    const page = await browser.newPage({ viewport: { width: 480, height: 420 } });
    try {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${service.url}/widget?scope=global&period=all&token=${token}`);
      const rows = page.locator('advocacy-leaderboard li');
      const order = () => rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));
      await waitFor(async () => (await order()).length === 3, { message: 'snapshot rendered' });
      expect(await order()).toEqual(['amy', 'bob', 'cat']);
      expect(await rows.first().locator('.name').textContent()).toBe('Amy Adams');
      expect(await page.locator('advocacy-leaderboard .me').textContent()).toContain('#2 of 3');

      await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'bob', 25, { teamId: 'sales' })]);
      await waitFor(async () => (await order())[0] === 'bob', { message: 'bob moved to the top' });
      expect(await order()).toEqual(['bob', 'amy', 'cat']);
      expect(await rows.first().getAttribute('data-points')).toBe('45');
      expect(await page.locator('advocacy-leaderboard .me').textContent()).toContain('#1 of 3');
      expect(await rows.first().getAttribute('class')).toBe('viewer');

      await publishEvents(infra.kafka, infra.prefix, [shareEvent(t, 'bob')]);
      const toast = page.locator('advocacy-leaderboard .toast');
      await waitFor(async () => (await toast.getAttribute('class'))?.includes('show'), {
        message: 'badge toast',
      });
      expect(await toast.textContent()).toContain('First share');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'widget.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
