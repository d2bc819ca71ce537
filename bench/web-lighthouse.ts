import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '@advocacy/platform';

/**
 * Lighthouse on the employee's Today page (issue 16: performance ≥ 90, accessibility ≥ 95), run in
 * Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) through chrome-launcher. The app is the
 * development-sign-in build (dist/apps/web-dev: the same bundle but for the sign-in chunk, so no
 * identity provider is needed) served by the real edge (Debian's nginx with infra/edge's config:
 * gzip, asset caching, security headers). The API behind the edge is a stub answering the two reads
 * of the Today page with a fixed feed, so the scores measure the front end, not a database.
 */

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TENANT = 'bench';

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  metrics: Record<string, string>;
}

interface LighthouseResult {
  lhr: {
    categories: Record<string, { score: number | null; auditRefs: { id: string }[] }>;
    audits: Record<
      string,
      { displayValue?: string; score: number | null; title: string; details?: { items?: unknown[] } }
    >;
  };
}
type Lighthouse = (
  url: string,
  flags: Record<string, unknown>,
  config?: Record<string, unknown>,
) => Promise<LighthouseResult | undefined>;
interface ChromeLauncher {
  launch(options: { chromePath: string; chromeFlags: string[] }): Promise<{ port: number; kill(): void }>;
}

const ARTICLES = [
  ['We are hiring 40 engineers in Amsterdam', 'hiring'],
  ['Our Q3 results: growth in every region', 'finance'],
  ['How our teams cut travel emissions by 30%', 'sustainability'],
  ['Product launch: live leaderboards for everyone', 'product'],
  ['A day in the life of our support team', 'culture'],
  ['Meet us at the Employer Branding Summit', 'events'],
  ['Five lessons from ten years of remote work', 'culture'],
  ['Our new sustainability report is out', 'sustainability'],
] as const;

function feed() {
  const now = Date.now();
  const items = ARTICLES.map(([title, topic], index) => ({
    contentId: randomUUID(),
    title,
    url: `https://example.com/news/${index}`,
    summary: `${title}: what happened, and why it matters to our customers and colleagues.`,
    imageUrl: null,
    topics: [topic],
    language: 'en',
    campaignId: null,
    captions: { linkedin: [`${title}: proud to be part of this.`] },
    publishedAt: new Date(now - index * 20 * 3600_000).toISOString(),
    shared: false,
  }));
  return { items, total: items.length, limit: 50, offset: 0 };
}

/**
 * The stub API: the feed, today's suggestions, an empty inbox and the header bell's notification
 * stream (held open with `unread 0`, as the service answers); every other path is a 404 problem.
 */
function startStubApi(): Promise<Server> {
  const body: Record<string, unknown> = {
    '/api/v1/feed': feed(),
    '/api/v1/suggestions': { day: null, reason: null, items: [] },
    '/api/v1/notifications': { notifications: [], unread: 0, total: 0, limit: 20, offset: 0 },
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://stub').pathname;
    if (path === '/api/v1/notifications/stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('retry: 3000\n\nevent: unread\ndata: {"unread":0}\n\n');
      return;
    }
    const answer = body[path];
    response.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer ?? { error: { code: 'not_found', message: path } }));
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

async function once(lighthouse: Lighthouse, url: string, port: number): Promise<LighthouseScores> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  });
  if (!result) throw new Error('lighthouse returned no result');
  const { categories, audits } = result.lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const metrics: Record<string, string> = {};
  for (const id of [
    'first-contentful-paint',
    'largest-contentful-paint',
    'total-blocking-time',
    'cumulative-layout-shift',
    'speed-index',
  ])
    metrics[id] = audits[id]?.displayValue ?? '?';
  // what costs accessibility or best-practices points, to act on
  const failing = ['accessibility', 'best-practices']
    .flatMap((id) => categories[id]?.auditRefs ?? [])
    .filter((ref) => audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => `${ref.id} (${JSON.stringify(audits[ref.id]?.details?.items ?? []).slice(0, 300)})`);
  if (failing.length > 0) metrics['failed audits'] = failing.join(', ');
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    metrics,
  };
}

export async function measureToday(): Promise<LighthouseScores> {
  const webRoot = join(ROOT, 'dist/apps/web-dev');
  if (!existsSync(join(webRoot, 'index.html')))
    throw new Error(`${webRoot} is missing: npm run build:web:dev builds it`);
  const api = await startStubApi();
  const upstream = `127.0.0.1:${(api.address() as AddressInfo).port}`;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'advocacy-lighthouse-'));
  // nginx's workers run as an unprivileged user when the master runs as root
  chmodSync(dir, 0o755);
  const edgeEnv: NodeJS.ProcessEnv = { ...process.env, EDGE_PORT: String(port), EDGE_ROOT: webRoot };
  edgeEnv.EDGE_RUN_DIR = join(dir, 'edge');
  for (const name of ['CONTENT', 'SHARE_TRACKING', 'SCORING', 'LEADERBOARD', 'COACHING', 'NOTIFICATION'])
    edgeEnv[`EDGE_${name}`] = upstream;
  // ES modules, which TypeScript's CommonJS output require()s: Node loads them so from 20.19 on
  const launcher = (await import('chrome-launcher')) as ChromeLauncher;
  const lighthouse = ((await import('lighthouse')) as { default: Lighthouse }).default;
  let chrome: { port: number; kill(): void } | undefined;
  try {
    await run('bash', [join(ROOT, 'infra/edge/start')], { env: edgeEnv });
    chrome = await launcher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const token = signToken(
      { tenant: TENANT, sub: 'emp-01', roles: ['employee'], team: 'sales', name: 'Anna de Vries' },
      randomUUID(),
    );
    const url = `http://127.0.0.1:${port}/#dev_token=${encodeURIComponent(token)}`;
    // Lighthouse's own advice for noisy machines: several runs, the median one reported
    const runs: LighthouseScores[] = [];
    for (let index = 0; index < RUNS; index += 1) runs.push(await once(lighthouse, url, chrome.port));
    runs.sort((a, b) => a.performance - b.performance);
    const median = runs[Math.floor(runs.length / 2)];
    median.metrics.runs = runs.map((r) => r.performance).join(', ');
    return median;
  } finally {
    chrome?.kill();
    await run('bash', [join(ROOT, 'infra/edge/stop')], { env: edgeEnv }).catch(() => undefined);
    api.closeAllConnections();
    await new Promise((resolveClose) => api.close(resolveClose));
    rmSync(dir, { recursive: true, force: true });
  }
}
