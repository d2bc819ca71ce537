import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { launchChromium, newTenant, publishEvents } from '@advocacy/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebStack, WebStack } from './stack';

jest.setTimeout(300_000);

const ARTIFACTS = resolve(__dirname, '../../artifacts/web');

/**
 * The bell in the header, fed by the notification stream through the edge: a badge awarded to the
 * signed-in employee arrives through the real broker, and without a reload the bell's count goes up
 * and a toast says what happened; opening the inbox and marking everything read brings it down.
 */
describe('web app: the notification bell and its toasts', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const tenant = newTenant('webbell');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  const award = (employeeId: string, badgeId: string, name: string) =>
    publishEvents(stack.infra.kafka, stack.infra.prefix, [
      {
        type: 'badge.awarded',
        tenantId: tenant,
        subject: employeeId,
        payload: { employeeId, badgeId, name },
      },
    ]);

  async function shoot(page: Page, name: string, size: 'desktop' | 'phone') {
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}.png`) });
  }

  it('counts up and shows a toast for a badge without a reload; marking read counts down', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(
      (url) => url.origin !== stack.base,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const jwt = stack.infra.token({ tenant, sub: 'nora', roles: ['employee'], team: 'sales', name: 'Nora' });
    // The bell's stream is open (its first event is the unread count) before anything is awarded.
    const streamOpen = page.waitForResponse(
      (response) => response.url() === `${stack.base}/api/v1/notifications/stream` && response.ok(),
      { timeout: 15_000 },
    );
    await page.goto(`${stack.base}/points#dev_token=${encodeURIComponent(jwt)}`);
    await page.locator('#page-title').waitFor({ timeout: 15_000 });
    await streamOpen;
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    expect(await page.getByTestId('unread-count').count()).toBe(0);

    await award('nora', 'first-share', 'First share');
    const toasts = page.getByRole('status').filter({ hasText: 'You earned the badge First share' });
    await toasts.waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');
    await shoot(page, 'bell-toast', 'desktop');

    // The same page on a phone, and a second badge while it is there.
    await page.setViewportSize({ width: 390, height: 844 });
    await award('nora', 'ten-shares', 'Ten shares');
    await page.getByText('You earned the badge Ten shares').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Notifications, 2 unread' }).waitFor();
    await shoot(page, 'bell-toast', 'phone');

    // The inbox lists both, newest first, unread; marking read empties the count.
    await bell.click();
    const inbox = page.getByRole('region', { name: 'Notifications' });
    await inbox.getByText('You earned the badge First share').waitFor();
    const items = inbox.getByRole('listitem');
    expect(await items.count()).toBe(2);
    expect(await items.first().textContent()).toContain('You earned the badge Ten shares');
    expect(await inbox.locator('li.unread').count()).toBe(2);
    await shoot(page, 'bell-inbox', 'phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shoot(page, 'bell-inbox', 'desktop');
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => violation.id)).toEqual([]);

    await inbox.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(await page.getByTestId('unread-count').count()).toBe(0);
    await inbox.locator('li.unread').first().waitFor({ state: 'detached' });
    expect(await inbox.getByRole('listitem').count()).toBe(2);

    // One document all along: the stream brought everything, nothing reloaded the page.
    expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(problems).toEqual([]);
  });
});
