import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { Client } from 'pg';
import {
  api,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
  launchChromium,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { coachBody, nominate, profile } from './helpers';

const ARTIFACTS = join(__dirname, '../../../tests/artifacts');

describe('coach console in headless Chromium', () => {
  let infra: TestInfra;
  let service: StartedService;
  let browser: Browser;

  beforeAll(async () => {
    infra = await startTestInfra({ COACHING_JOBS_INTERVAL_MS: '0' });
    service = await startService(createApp, infra.env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await infra?.teardown();
  });

  it('a coach accepts a proposal by clicking; the page and the API show it accepted', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    await admin.post('/api/v1/coaches', coachBody('carol'));
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'mia', { displayName: 'Mia Mentee' }),
      {
        type: 'points.awarded',
        tenantId: tenant,
        subject: 'mia',
        payload: {
          entryId: randomUUID(),
          employeeId: 'mia',
          teamId: null,
          points: 40,
          reason: 'share',
          sourceEventId: randomUUID(),
          occurredAt: new Date().toISOString(),
        },
      },
    ]);
    // Both projections (profile and points) are in before the nomination.
    await waitFor(async () => {
      const db = new Client({ connectionString: infra.env.DATABASE_URL });
      await db.connect();
      try {
        const { rows } = await db.query(
          `SELECT (SELECT count(*)::int FROM coaching.advocates WHERE tenant_id = $1 AND display_name IS NOT NULL)
                + (SELECT count(*)::int FROM coaching.points_weekly WHERE tenant_id = $1) AS ready`,
          [tenant],
        );
        return rows[0].ready === 2;
      } finally {
        await db.end();
      }
    });
    expect(
      (await nominate(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }), 'mia')).status,
    ).toBe(201);
    const [proposal] = await waitFor(async () => {
      const list = (await admin.get('/api/v1/assignments?state=proposed')).body.assignments;
      return list.length === 1 ? list : undefined;
    });

    const token = infra.token({ tenant, sub: 'carol', roles: ['coach'] });
    const page = await browser.newPage();
    try {
      await page.goto(`${service.url}/console#token=${encodeURIComponent(token)}`);
      await page.waitForSelector('body[data-loaded="true"]');
      expect(page.url()).not.toContain('token=');
      const row = page.locator(`tr[data-assignment-id="${proposal.id}"]`);
      await expect(row.textContent()).resolves.toContain('mia');
      await row.locator('button.accept').click();

      await page.waitForSelector('#status:has-text("is now accepted")');
      await page.waitForSelector('tr[data-employee-id="mia"]');
      const mentee = await page.locator('tr[data-employee-id="mia"]').textContent();
      expect(mentee).toContain('Mia Mentee');
      await expect(page.locator(`tr[data-assignment-id="${proposal.id}"]`).count()).resolves.toBe(0);
      await expect(page.locator('#proposals').textContent()).resolves.toContain('No open proposals');

      await page.fill('#tip', 'Share one post on Tuesday morning');
      await page.click('#send-tip');
      await page.waitForSelector('#status:has-text("Tip sent to 1 mentee")');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'coach-console.png'), fullPage: true });
    } finally {
      await page.close();
    }

    const after = await admin.get(`/api/v1/assignments/${proposal.id}`);
    expect(after.body.state).toBe('accepted');
    expect(after.body.transitions.at(-1)).toMatchObject({ from: 'proposed', to: 'accepted', actor: 'carol' });
    const mentees = await api(service.url, token).get('/api/v1/mentees');
    expect(mentees.body.mentees[0].pointsTrend.at(-1)).toMatchObject({ points: 40 });
  });

  it('without a valid token the page shows an error and the API refuses', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${service.url}/console#token=not-a-token`);
      await page.waitForSelector('#status.error');
      await expect(page.locator('#status').textContent()).resolves.toMatch(/token/i);
    } finally {
      await page.close();
    }
  });
});
