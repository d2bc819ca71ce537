import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { api, launchChromium, newTenant, pointsEvent, publishEvents, waitFor } from '@advocacy/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebStack, watchRequests, WebStack } from './stack';

// every journey drives a real browser through the real stack; generous for a loaded CI machine
jest.setTimeout(420_000);

const ARTIFACTS = resolve(__dirname, '../../artifacts/web');
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('web app through the edge: each role’s main journey in Chromium', () => {
  let stack: WebStack;
  let browser: Browser;
  const tenant = newTenant('web');
  const token = (sub: string, roles: ('employee' | 'coach' | 'admin')[], team?: string, name?: string) =>
    stack.infra.token({ tenant, sub, roles, team, name });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
  });

  // a failed journey must not leave its pages (and their live streams) running into the next one
  const contexts: BrowserContext[] = [];
  const quiet = new WeakMap<BrowserContext, (page: Page) => Promise<void>>();
  /** Waits for the page's requests to finish (its live streams stay open). */
  const settled = (page: Page) => quiet.get(page.context())!(page);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((created) => created.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A browser context that only ever reaches the edge (share intents of real networks are cut off). */
  async function context(width = 1280, height = 800): Promise<BrowserContext> {
    const created = await browser.newContext({ viewport: { width, height } });
    contexts.push(created);
    quiet.set(created, watchRequests(created));
    await created.route(
      (url) => url.origin !== stack.base,
      (route) => route.abort(),
    );
    return created;
  }

  /** Signs in with a development token (the e2e build's `#dev_token`) on the given path. */
  async function open(page: Page, path: string, jwt: string): Promise<void> {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${stack.base}${path}#dev_token=${encodeURIComponent(jwt)}`);
    await page
      .locator('#page-title')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${problems.join('\n')}\n${(await page.content()).slice(0, 2000)}`);
      });
  }

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  async function checkAccessibility(page: Page, name: string): Promise<void> {
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${name}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(serious).toEqual([]);
  }

  /**
   * Screenshots of a page at both sizes, then axe at the desktop size (the same DOM: the layout only
   * reflows; one axe run per page keeps the journeys inside their budget on a busy machine).
   */
  async function capture(page: Page, name: string): Promise<void> {
    for (const size of [...SIZES].reverse()) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.waitForTimeout(150);
      await page.screenshot({
        path: join(ARTIFACTS, `${name}-${size.name}.png`),
        fullPage: size.name === 'desktop',
      });
    }
    await checkAccessibility(page, name);
  }

  /** Points straight onto the boards (the scoring service's output), at this moment. */
  const award = (rows: [string, number][]) =>
    publishEvents(
      stack.infra.kafka,
      stack.infra.prefix,
      rows.map(([employeeId, points]) =>
        pointsEvent(tenant, employeeId, points, new Date(), { teamId: 'ops' }),
      ),
    );

  async function publishContent(title: string, extra: Record<string, unknown> = {}): Promise<string> {
    const admin = api(stack.base, token('ada', ['admin']));
    const created = await admin.post('/api/v1/content', {
      title,
      url: `https://example.com/news/${randomUUID()}`,
      summary: `${title}: what happened and why it matters.`,
      topics: ['culture'],
      captions: { linkedin: [`Proud of this: ${title}`] },
      ...extra,
    });
    expect(created.status).toBe(201);
    const id = created.body.contentId as string;
    for (const step of ['submit', 'approve', 'publish'])
      expect((await admin.post(`/api/v1/content/${id}/${step}`)).status).toBe(200);
    return id;
  }

  it('employee: acknowledges the guidelines, fixes a blocked caption, shares, and the board updates live', async () => {
    const contentId = await publishContent('Our new office opens');
    // share-tracking learns published content from Kafka: a colleague's share shows it has arrived
    await waitFor(async () => {
      const response = await api(stack.base, token('bram', ['employee'], 'sales', 'Bram')).post(
        '/api/v1/shares',
        {
          contentId,
          network: 'linkedin',
          text: 'Have a look',
        },
      );
      return response.status === 201 ? response : undefined;
    });
    const guidelines = await api(stack.base, token('ada', ['admin'])).put('/api/v1/guidelines', {
      document: 'Be yourself. Never share anything confidential.',
      rules: { blockedTerms: ['confidential'] },
    });
    expect(guidelines.status).toBe(200);

    const anaToken = token('ana', ['employee'], 'sales', 'Ana');
    const watcher = await context();
    const board = await watcher.newPage();
    await open(board, '/boards', anaToken);
    await board.getByRole('row', { name: /bram/i }).waitFor();
    expect(await board.getByRole('row', { name: /ana/i }).count()).toBe(0);

    const sharing = await context();
    const page = await sharing.newPage();
    await open(page, '/', anaToken);
    await capture(page, 'today');
    // keyboard only from here: focus and Enter/Space, as someone without a mouse would
    await page.getByRole('link', { name: 'Share: Our new office opens' }).press('Enter');
    await page.getByRole('heading', { name: /Guidelines/ }).waitFor();
    await page.getByLabel('I have read the guidelines and will follow them').press('Space');
    await page.getByRole('button', { name: 'Acknowledge' }).press('Enter');
    await page.getByText('Acknowledged (version 1)').waitFor();

    const caption = page.getByLabel('Your caption');
    await caption.fill('');
    await caption.pressSequentially('Sneak peek at the confidential floor plan');
    const underline = page.locator('[data-testid=check] mark.blocked');
    await underline.waitFor();
    expect(await underline.textContent()).toBe('confidential');
    await page.getByText('Blocked: fix the marked text to share').waitFor();
    expect(await page.getByRole('button', { name: 'Share on LinkedIn' }).isDisabled()).toBe(true);
    await capture(page, 'share-blocked');

    await caption.fill('Sneak peek at our new floor plan');
    await page.getByText('Inside the guidelines').waitFor();
    await page.getByRole('button', { name: 'Share on LinkedIn' }).press('Enter');
    await page.getByText('Shared! Your tracked link:').waitFor();
    expect(await page.locator('code.tracked').textContent()).toMatch(
      new RegExp(`^${stack.base}/l/[0-9A-Za-z]{8,}$`),
    );
    await capture(page, 'share-done');

    // the watching tab never reloads: the stream brings Ana onto the board
    const anaRow = board.getByRole('row', { name: /ana \(you\)/i });
    await anaRow.waitFor({ timeout: 30_000 });
    expect(await anaRow.locator('td.num').textContent()).toMatch(/^\d+$/);
    await capture(board, 'boards');

    // the share-done panel links to My points too: go by the main navigation
    await nav(page, 'My points').click();
    await page.getByTestId('points-total').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30_000 });
    await page
      .getByText(/Shared .*Our new office opens/)
      .first()
      .waitFor();
    await capture(page, 'points');
    for (const [path, name] of [
      ['/role', 'role'],
      ['/propose', 'propose'],
      ['/coach', 'coach'],
    ] as const) {
      await nav(page, { role: 'My role', propose: 'Propose', coach: 'My coach' }[name]).click();
      await page.waitForURL(`**${path}`);
      await page.locator('#page-title').waitFor();
      await settled(page);
      await capture(page, name);
    }
  });

  it('admin: reviews and publishes a proposed item and reads the dashboard', async () => {
    const proposal = await api(stack.base, token('carla', ['employee'], 'ops', 'Carla')).post(
      '/api/v1/content/propose',
      {
        title: 'Customer story: the harbour project',
        url: `https://example.com/stories/${randomUUID()}`,
        topics: ['customers'],
      },
    );
    expect(proposal.status).toBe(201);
    const id = proposal.body.contentId as string;

    const admin = await context();
    const page = await admin.newPage();
    await open(page, '/library', token('ada', ['admin'], undefined, 'Ada'));
    const item = page.getByTestId('library-item').filter({ hasText: 'Customer story: the harbour project' });
    await item.waitFor();
    await capture(page, 'library');
    await item.getByRole('button', { name: 'Approve' }).press('Enter');
    await page.getByLabel('Status').selectOption('approved');
    const approved = page
      .getByTestId('library-item')
      .filter({ hasText: 'Customer story: the harbour project' });
    await approved.getByRole('button', { name: 'Publish' }).press('Enter');
    await waitFor(async () => {
      const response = await api(stack.base, token('ada', ['admin'])).get(`/api/v1/content/${id}`);
      return response.body.status === 'published' ? response : undefined;
    });

    await nav(page, 'Dashboard').click();
    await page.getByTestId('participation').waitFor();
    await page.getByRole('button', { name: 'Freeze the last 30 days as baseline' }).press('Enter');
    await page.getByRole('columnheader', { name: 'Baseline' }).waitFor();
    await settled(page);
    // no advocate profiles in this tenant: participation has no denominator yet
    expect(await page.getByTestId('participation').textContent()).toMatch(/^(\d+%|—)$/);
    await capture(page, 'dashboard');

    // two saved scoring versions: the history tells what the second one changed
    const rulesApi = api(stack.base, token('ada', ['admin']));
    expect((await rulesApi.put('/api/v1/scoring/rules', { sharePoints: 12 })).status).toBe(200);
    expect((await rulesApi.put('/api/v1/scoring/rules', { sharePoints: 12, clickPoints: 3 })).status).toBe(
      200,
    );
    const badgeRules = (await rulesApi.get('/api/v1/badges/rules')).body;
    expect((await rulesApi.put('/api/v1/badges/rules', badgeRules)).status).toBe(200);
    for (const [label, name] of [
      ['Guidelines', 'guidelines'],
      ['Rules', 'rules'],
    ] as const) {
      await nav(page, label).click();
      await page
        .getByRole('button', { name: name === 'rules' ? 'Save' : 'Publish new version' })
        .first()
        .waitFor();
      await capture(page, name);
    }
    await nav(page, 'Rules').click();
    const latest = page.getByTestId('scoring-history').getByRole('row').nth(1);
    await latest.waitFor();
    const cells = await latest.getByRole('cell').allTextContents();
    expect([cells[0], cells[2], cells[3]]).toEqual(['2', 'ada', 'clickPoints']);
    // the roles editor draws its draft as the impact/effort matrix
    const matrix = page.getByTestId('roles-preview').getByRole('grid');
    await matrix.getByRole('gridcell').filter({ hasText: 'Supporter' }).waitFor();
    const badgeVersion = page.getByTestId('badge-history').getByRole('row').nth(1);
    await badgeVersion.waitFor();
    expect((await badgeVersion.getByRole('cell').allTextContents()).slice(0, 3)).toEqual([
      '1',
      expect.any(String),
      'ada',
    ]);

    // the guidelines editor checks the sample with the draft rules as you type
    await nav(page, 'Guidelines').click();
    // Ana acknowledged version 1 in the employee journey
    const v1 = page.getByTestId('guideline-versions').getByRole('row').filter({ hasText: '· ada' }).first();
    await v1.waitFor();
    expect(await v1.getByRole('cell').allTextContents()).toEqual([
      '1',
      expect.stringContaining('ada'),
      '1',
      expect.any(String),
    ]);
    await page.getByLabel('Blocked terms (one per line)').fill('confidential\nsecret');
    await page.getByLabel('Sample text').fill('a secret plan');
    expect(await page.locator('[data-testid=check] mark.blocked').textContent()).toBe('secret');

    await nav(page, 'TV mode').click();
    await page.locator('.tv-board li').first().waitFor();
    await capture(page, 'tv');
  });

  it('admin: mints an embed key; an office screen opens TV mode signed out; revoking it ends the screen', async () => {
    await award([['tv-star', 30]]);
    const admin = await context();
    const page = await admin.newPage();
    await open(page, '/embed-keys', token('ada', ['admin'], undefined, 'Ada'));
    await page.getByLabel('What it is for').fill('Lobby screen');
    await page.getByRole('button', { name: 'Mint a key' }).first().press('Enter');
    const link = (await page.getByTestId('tv-link').textContent())!;
    expect(link).toMatch(/\/tv\?scope=global&period=week#key=ek_[A-Za-z0-9_-]{16}\./);
    await page.getByRole('table').getByText('Lobby screen').waitFor();
    await capture(page, 'embed-keys');

    // a fresh browser with nobody signed in: the key in the link's fragment is the only credential
    const screen = await (await context(1920, 1080)).newPage();
    await screen.goto(link);
    await screen.locator('.tv-board li').filter({ hasText: 'tv-star' }).waitFor({ timeout: 30_000 });
    expect(await screen.getByRole('button', { name: 'Sign in' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke: Lobby screen' }).press('Enter');
    await page
      .getByRole('table')
      .getByText(/^Revoked/)
      .waitFor();
    await screen.getByRole('alert').filter({ hasText: 'embed key was revoked' }).waitFor({ timeout: 30_000 });
    await screen.reload();
    await screen.getByRole('alert').filter({ hasText: 'embed key was refused' }).waitFor({ timeout: 30_000 });
  });

  it('employee: picks a role, filters Today by language, sees a shared rank and the HERO rule', async () => {
    await publishContent('Hallo vanuit Utrecht', { language: 'nl' });
    await publishContent('Hello from Leeds', { language: 'en' });
    await award([
      ['eva', 20],
      ['finn', 20],
    ]);
    const ctx = await context();
    const page = await ctx.newPage();
    await open(page, '/role', token('eva', ['employee'], 'ops', 'Eva'));
    // choosing a role saves the profile (it used to be refused for fields the directory owns)
    const role = page.getByRole('grid').getByRole('button').first();
    await role.press('Enter');
    await page.getByRole('grid').locator('button[aria-pressed=true]').waitFor();
    const profile = await api(stack.base, token('eva', ['employee'], 'ops', 'Eva')).get('/api/v1/me/profile');
    expect(profile.body.role).toEqual(expect.any(String));
    expect(await page.getByRole('alert').count()).toBe(0);

    await nav(page, 'Today').click();
    await page.getByRole('link', { name: 'Share: Hello from Leeds' }).waitFor();
    expect(await page.getByRole('link', { name: 'Share: Hallo vanuit Utrecht' }).count()).toBe(0);
    await page.getByLabel('Language of the content').selectOption('all');
    await page.getByRole('link', { name: 'Share: Hallo vanuit Utrecht' }).waitFor();

    await nav(page, 'My points').click();
    await page.getByTestId('rank-global').filter({ hasText: 'tied with 1' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('hero').waitFor();
    expect(await page.getByTestId('hero-explanation').textContent()).toMatch(/\S/);
  });

  it('coach: accepts an assignment and sends a tip', async () => {
    const adminApi = api(stack.base, token('ada', ['admin']));
    const coach = await adminApi.post('/api/v1/coaches', {
      employeeId: 'cees',
      displayName: 'Cees',
      languages: ['en'],
      capacity: 3,
    });
    expect(coach.status).toBe(201);
    const assignment = await adminApi.post('/api/v1/assignments', { employeeId: 'dewi', coachId: 'cees' });
    expect(assignment.status).toBe(201);

    const ctx = await context();
    const page = await ctx.newPage();
    await open(page, '/console', token('cees', ['coach', 'employee'], undefined, 'Cees'));
    const proposal = page.getByTestId('proposal').filter({ hasText: 'dewi' });
    await proposal.waitFor();
    await capture(page, 'console');
    await proposal.getByRole('button', { name: 'Accept' }).press('Enter');
    await page.getByTestId('mentee').filter({ hasText: 'dewi' }).waitFor();
    await page
      .getByLabel('Tip for your mentees')
      .fill('Share one story this week: your own words work best.');
    await page.getByRole('button', { name: 'Send a tip' }).press('Enter');
    await page.getByText('Tip sent to 1').waitFor();
    await capture(page, 'console-tip');

    // the mentee reads it on My coach
    const mentee = await (await context()).newPage();
    await open(mentee, '/coach', token('dewi', ['employee'], undefined, 'Dewi'));
    await mentee
      .getByTestId('tips')
      .getByText('Share one story this week: your own words work best.')
      .waitFor({ timeout: 30_000 });
    await capture(mentee, 'coach-tips');
  });
});
