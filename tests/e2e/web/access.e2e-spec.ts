import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { api, launchChromium, newTenant, TEST_JWT_SECRET, waitFor } from '@advocacy/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebStack, WebStack } from './stack';

// every page of the app at two sizes in a real browser through the real stack
jest.setTimeout(600_000);

const ARTIFACTS = resolve(__dirname, '../../artifacts/web');
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  // the narrowest phone the app supports (issue 16: "from 360 px phones")
  { name: 'phone-360', width: 360, height: 740 },
] as const;

/** The main navigation of someone with every role, in its order. */
const NAV_ITEMS = [
  'Today',
  'My points',
  'Boards',
  'My role',
  'Propose',
  'My coach',
  'Coach console',
  'Library',
  'Guidelines',
  'Rules',
  'Dashboard',
  'Programme',
  'Embed keys',
  'TV mode',
];

describe('web app: accessibility, keyboard and the phone layout', () => {
  let stack: WebStack;
  let browser: Browser;
  let contentId: string;
  const tenant = newTenant('webqa');
  const staffToken = () =>
    stack.infra.token({
      tenant,
      sub: 'ada',
      roles: ['admin', 'coach', 'employee'],
      team: 'sales',
      name: 'Ada Lovelace-Byron',
    });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
    // every page with something on it: published and proposed content, guidelines, a coach with a
    // proposed mentee, a share (points, board) and a baseline
    const admin = api(stack.base, staffToken());
    const created = await admin.post('/api/v1/content', {
      title: 'Our new office opens',
      url: `https://example.com/news/${randomUUID()}`,
      summary: 'What happened and why it matters.',
      topics: ['culture'],
      captions: { linkedin: ['Proud of this: our new office'] },
    });
    expect(created.status).toBe(201);
    contentId = created.body.contentId as string;
    for (const step of ['submit', 'approve', 'publish'])
      expect((await admin.post(`/api/v1/content/${contentId}/${step}`)).status).toBe(200);
    const bram = api(
      stack.base,
      stack.infra.token({ tenant, sub: 'bram', roles: ['employee'], team: 'ops' }),
    );
    expect(
      (
        await bram.post('/api/v1/content/propose', {
          title: 'Customer story: the harbour project',
          url: `https://example.com/stories/${randomUUID()}`,
          topics: ['customers'],
        })
      ).status,
    ).toBe(201);
    // share-tracking learns published content from Kafka: the share succeeds once it has arrived
    await waitFor(async () => {
      const response = await bram.post('/api/v1/shares', {
        contentId,
        network: 'linkedin',
        text: 'Have a look',
      });
      return response.status === 201 ? response : undefined;
    });
    // (before the guidelines exist: Bram need not acknowledge them; Ada sees them in the share flow)
    expect(
      (
        await admin.put('/api/v1/guidelines', {
          document: 'Be yourself. Never share anything confidential.',
          rules: { blockedTerms: ['confidential'] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.post('/api/v1/coaches', {
          employeeId: 'ada',
          displayName: 'Ada',
          languages: ['en'],
          capacity: 3,
        })
      ).status,
    ).toBe(201);
    expect((await admin.post('/api/v1/assignments', { employeeId: 'dewi', coachId: 'ada' })).status).toBe(
      201,
    );
    expect((await admin.post('/api/v1/baseline', { source: 'frozen' })).status).toBe(201);
  });

  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((created) => created.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function newPage(width: number, height: number): Promise<Page> {
    const created = await browser.newContext({ viewport: { width, height } });
    contexts.push(created);
    await created.route(
      (url) => url.origin !== stack.base,
      (route) => route.abort(),
    );
    return created.newPage();
  }

  /** Opens a path signed in (development token) and waits until no part of it is still loading. */
  async function open(page: Page, path: string, jwt: string | null = staffToken()): Promise<void> {
    await page.goto(`${stack.base}${path}${jwt ? `#dev_token=${encodeURIComponent(jwt)}` : ''}`);
    await page.locator(jwt ? '#page-title' : 'main h1').waitFor({ timeout: 15_000 });
    await page.locator('[role=status].muted').first().waitFor({ state: 'detached', timeout: 15_000 });
  }

  const pages = () => [
    { path: '/', name: 'today' },
    { path: `/share/${contentId}`, name: 'share' },
    { path: '/points', name: 'points' },
    { path: '/boards', name: 'boards' },
    { path: '/role', name: 'role' },
    { path: '/propose', name: 'propose' },
    { path: '/coach', name: 'coach' },
    { path: '/console', name: 'console' },
    { path: '/library', name: 'library' },
    { path: '/guidelines', name: 'guidelines' },
    { path: '/rules', name: 'rules' },
    { path: '/dashboard', name: 'dashboard' },
    { path: '/programme', name: 'programme' },
    { path: '/embed-keys', name: 'embed-keys' },
    { path: '/tv', name: 'tv' },
  ];

  /** axe on each page at desktop size, then on the same page narrowed to 360 px (the layout reflows). */
  async function seriousViolations(targets: { path: string; name: string }[]): Promise<string[]> {
    const found: string[] = [];
    const page = await newPage(SIZES[0].width, SIZES[0].height);
    for (const target of targets) {
      await open(page, target.path, target.name === 'sign-in' ? null : staffToken());
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        const result = await new AxeBuilder({ page }).analyze();
        for (const violation of result.violations)
          if (violation.impact === 'serious' || violation.impact === 'critical')
            found.push(
              `${size.name} ${target.name}: ${violation.id} (${violation.impact}) ${violation.nodes
                .map((node) => node.target.join(' '))
                .join(', ')}`,
            );
      }
      await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height });
    }
    return found;
  }

  // two halves: each stays inside the test timeout on a busy machine
  it('axe finds no serious or critical violation on the employee pages, at desktop size and 360 px', async () => {
    expect(await seriousViolations(pages().slice(0, 7))).toEqual([]);
  });

  it('axe finds no serious or critical violation on the staff pages and sign-in, at desktop size and 360 px', async () => {
    // the sign-in page last: from '/' to '/#dev_token=…' would only change the fragment, not load
    expect(await seriousViolations([...pages().slice(7), { path: '/', name: 'sign-in' }])).toEqual([]);
  });

  it('every control of every page is reached with the Tab key alone', async () => {
    const page = await newPage(1280, 800);
    const missed: string[] = [];
    for (const target of pages()) {
      await open(page, target.path);
      missed.push(...(await unreachedByTab(page)).map((control) => `${target.name}: ${control}`));
    }
    expect(missed).toEqual([]);
  });

  it('on a 360 px phone the name is shown and every navigation item is behind the menu button', async () => {
    const page = await newPage(360, 740);
    await open(page, '/');
    const inView = async (locator: ReturnType<Page['locator']>) => {
      const box = await locator.boundingBox();
      return !!box && box.width > 0 && box.x >= 0 && box.x + box.width <= 360;
    };
    const who = page.getByTestId('who');
    expect(await who.isVisible()).toBe(true);
    expect(await inView(who)).toBe(true);
    expect(await who.textContent()).toBe('Ada Lovelace-Byron');
    // whole, not cut off with an ellipsis
    expect(await who.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    // nothing sticks out sideways, so nothing hides beyond a scroll without a hint
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'nav-phone-360-closed.png') });

    // by keyboard: the menu button opens the list, and every item is on screen
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const links = nav.getByRole('link');
    expect(await links.allTextContents()).toEqual(NAV_ITEMS);
    for (const name of NAV_ITEMS) {
      const link = nav.getByRole('link', { name, exact: true });
      expect([name, await link.isVisible(), await inView(link)]).toEqual([name, true, true]);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'nav-phone-360-open.png') });

    // choosing an item goes there and folds the menu away again
    await nav.getByRole('link', { name: 'Dashboard', exact: true }).press('Enter');
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await who.isVisible()).toBe(true);
  });

  it('an admin opens the Programme page: the spread of their team, the invitation funnel and list', async () => {
    // ada invites a colleague through the edge (which routes /api/v1/invitations and /programme/ to coaching)
    const invited = await api(stack.base, staffToken()).post('/api/v1/invitations', { inviteeId: 'zeno' });
    expect(invited.status).toBe(201);
    const page = await newPage(1280, 800);
    await open(page, '/programme');
    await page.getByRole('heading', { name: 'Programme', level: 1 }).waitFor();
    const funnel = page.getByTestId('funnel');
    await funnel.waitFor();
    const invitedStep = funnel.locator('li').first();
    expect(await invitedStep.locator('.stat-label').textContent()).toBe('Invited');
    expect(await invitedStep.locator('strong').textContent()).toBe('1');
    await page.getByRole('cell', { name: 'zeno' }).waitFor();
    expect(await page.getByTestId('invitations-empty').count()).toBe(0);
    const spread = page.getByTestId('spread');
    expect(await spread.getByRole('alert').count()).toBe(0);
    expect(await spread.textContent()).toMatch(/Participation per team|No team activity yet/);
    await page.screenshot({ path: join(ARTIFACTS, 'programme-desktop.png'), fullPage: true });
    const phone = await newPage(390, 844);
    await open(phone, '/programme');
    await phone.getByTestId('funnel').waitFor();
    await phone.screenshot({ path: join(ARTIFACTS, 'programme-phone.png'), fullPage: true });
  });

  it('the demo tenant’s dashboard shows its baseline and the progress against it', async () => {
    // the set-up of `npm start`'s demo (tools/demo.ts) on a tenant of its own, then some activity
    const demoTenant = newTenant('demo');
    Object.assign(process.env, {
      DEMO_TENANT: demoTenant,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      CONTENT_URL: stack.services.content.url,
      TRACKING_URL: stack.services.tracking.url,
      COACHING_URL: stack.services.coaching.url,
    });
    const demo = await import('../../../tools/demo');
    await demo.setUp();
    for (let tick = 0; tick < 12; tick += 1) await demo.tick();
    const admin = stack.infra.token({ tenant: demoTenant, sub: 'demo-admin', roles: ['admin'] });
    await waitFor(
      async () => {
        const progress = await api(stack.base, admin).get('/api/v1/baseline/progress');
        return progress.status === 200 && progress.body.comparison.shares.current > 0 ? progress : undefined;
      },
      { timeoutMs: 90_000 },
    );

    for (const size of SIZES) {
      const page = await newPage(size.width, size.height);
      await open(page, '/dashboard', admin);
      const baseline = page.getByTestId('baseline');
      expect(await baseline.getByTestId('baseline-source').textContent()).toMatch(
        /^Measured before the programme · \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d · The month before launch/,
      );
      const shares = baseline.getByTestId('baseline-metric').filter({ hasText: 'Shares' });
      expect(await shares.textContent()).toMatch(/Baseline 14.*Now \d+/);
      expect(await shares.getByTestId('baseline-change').textContent()).toMatch(/^[+-]?\d+(\.\d)?%$/);
      expect(await baseline.getByTestId('baseline-metric').count()).toBe(6);
      // the weekly chart draws the baseline's weekly level beside this period's weeks
      expect(await page.getByRole('img', { name: /Baseline \(shares per week\) 3\.3/ }).count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-demo-${size.name}.png`), fullPage: true });
    }
  });
});

// Runs in the page (the tests' TypeScript has no DOM library, hence a string): marks every visible,
// enabled control with data-kb (radios by group), clears focus and answers how many it marked.
// checkVisibility also skips the inside of a closed <details> (content-visibility: hidden).
const MARK_CONTROLS = `(() => {
  const selector =
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  let index = 0;
  for (const element of document.querySelectorAll(selector)) {
    element.removeAttribute('data-kb');
    if (element.disabled || element.closest('[inert]')) continue;
    if (!element.checkVisibility({ visibilityProperty: true })) continue;
    const radio = element.tagName === 'INPUT' && element.type === 'radio';
    element.setAttribute('data-kb', radio ? 'radio:' + element.name : String((index += 1)));
  }
  document.activeElement?.blur();
  return document.querySelectorAll('[data-kb]').length;
})()`;

/**
 * Presses Tab until focus has gone round the page once and returns the visible, enabled controls it
 * never reached (of a radio group, one member is enough: arrow keys move inside it).
 */
async function unreachedByTab(page: Page): Promise<string[]> {
  const total = Number(await page.evaluate(MARK_CONTROLS));
  const reached = new Set<string>();
  for (let press = 0; press < total + 10; press += 1) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    // nothing focused once Tab has left the last control
    const mark = (await focused.count()) > 0 ? await focused.first().getAttribute('data-kb') : null;
    if (mark) reached.add(mark);
  }
  const missed: string[] = [];
  for (const control of await page.locator('[data-kb]').all()) {
    if (reached.has((await control.getAttribute('data-kb')) ?? '')) continue;
    const name = (await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '';
    missed.push(
      `${await control.evaluate((element) => element.tagName.toLowerCase())} "${name.trim().slice(0, 40)}"`,
    );
  }
  return missed;
}
