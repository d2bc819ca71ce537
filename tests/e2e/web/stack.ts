import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createApp as createCoaching } from '../../../apps/coaching-service/src/app';
import { createApp as createContent } from '../../../apps/content-service/src/app';
import { createApp as createLeaderboard } from '../../../apps/leaderboard-service/src/app';
import { createApp as createNotification } from '../../../apps/notification-service/src/app';
import { createApp as createScoring } from '../../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../../apps/share-tracking-service/src/app';
import { startService, StartedService, startTestInfra, TestInfra, waitFor } from '@advocacy/testing';
import type { BrowserContext, Page, Request } from 'playwright-core';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');

export interface WebStack {
  /** The edge's origin, e.g. http://127.0.0.1:4301 */
  base: string;
  infra: TestInfra;
  services: Record<
    'content' | 'tracking' | 'scoring' | 'leaderboard' | 'coaching' | 'notification',
    StartedService
  >;
  close(): Promise<void>;
}

const portOf = (url: string) => new URL(url).port;

/** The newest modification time of any file below the given folders. */
function newest(folders: string[]): number {
  let latest = 0;
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const folder of folders) walk(folder);
  return latest;
}

/**
 * The app built with development sign-in (`npm run build:web:dev`, which set-up runs): reused when it
 * is newer than every source it is made of, otherwise built here into the test's own folder.
 */
async function webRoot(dir: string): Promise<string> {
  const built = join(ROOT, 'dist/apps/web-dev');
  const index = join(built, 'index.html');
  const sources = ['apps/web', 'libs/contracts/src', 'libs/guidelines/src'].map((path) => join(ROOT, path));
  if (existsSync(index) && statSync(index).mtimeMs > newest(sources)) return built;
  const root = join(dir, 'web');
  await run(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '-c', 'apps/web/vite.config.ts', '--mode', 'dev-sign-in', '--logLevel', 'warn'],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', WEB_OUT_DIR: root } },
  );
  return root;
}

/**
 * A port for the edge that stays free until nginx binds it, seconds later: below Linux's ephemeral
 * range (32768–60999), which the services' own listeners (port 0) and every outgoing connection draw
 * from, so none of them can take it meanwhile; checked on all interfaces, as nginx binds.
 */
async function freePort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolveFree) => {
      const server = createServer();
      server.once('error', () => resolveFree(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolveFree(true)));
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await tryPort(port)) return port;
  }
  throw new Error('no free port for the edge in 20000-31999');
}

/**
 * The whole product on loopback: the six services in this process (own topics, test database), the
 * web app built with development sign-in (`--mode dev-sign-in`, the `#dev_token` of
 * apps/web/src/auth-dev.ts; production builds do not contain it) and the real edge (Debian's nginx with the
 * template of infra/edge) in front of them on EDGE_PORT or a free port.
 */
export async function startWebStack(): Promise<WebStack> {
  const port = Number(process.env.EDGE_PORT ?? (await freePort()));
  const base = `http://127.0.0.1:${port}`;
  // tracked links point at the edge, which routes /l/ to share-tracking
  const infra = await startTestInfra({ PUBLIC_BASE_URL: base });
  const dir = mkdtempSync(join(tmpdir(), 'advocacy-web-'));
  // nginx's workers run as an unprivileged user when the master runs as root: they must read the app
  chmodSync(dir, 0o755);
  const build = webRoot(dir);
  const [content, tracking, scoring, leaderboard, coaching, notification] = await Promise.all([
    startService(createContent, infra.env),
    startService(createShareTracking, infra.env),
    startService(createScoring, infra.env),
    startService(createLeaderboard, infra.env),
    startService(createCoaching, infra.env),
    // the inbox and its stream behind the bell; no mail goes out (every kind is in-app by default)
    // and its schedules stay off, as they would act on every tenant of the shared test database
    startService(createNotification, {
      ...infra.env,
      UNSUBSCRIBE_SECRET: 'web-e2e-unsubscribe-secret-0123456789',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    }),
  ]);
  const root = await build;
  const edgeEnv = {
    ...process.env,
    EDGE_PORT: String(port),
    EDGE_ROOT: root,
    EDGE_RUN_DIR: join(dir, 'edge'),
    EDGE_CONTENT: `127.0.0.1:${portOf(content.url)}`,
    EDGE_SHARE_TRACKING: `127.0.0.1:${portOf(tracking.url)}`,
    EDGE_SCORING: `127.0.0.1:${portOf(scoring.url)}`,
    EDGE_LEADERBOARD: `127.0.0.1:${portOf(leaderboard.url)}`,
    EDGE_COACHING: `127.0.0.1:${portOf(coaching.url)}`,
    EDGE_NOTIFICATION: `127.0.0.1:${portOf(notification.url)}`,
  };
  await run('bash', [join(ROOT, 'infra/edge/start')], { env: edgeEnv });
  const services = { content, tracking, scoring, leaderboard, coaching, notification };
  return {
    base,
    infra,
    services,
    close: async () => {
      await run('bash', [join(ROOT, 'infra/edge/stop')], { env: edgeEnv }).catch(() => undefined);
      await Promise.all(Object.values(services).map((service) => service.close()));
      await infra.teardown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Counts a context's requests in flight, live streams (`accept: text/event-stream`) left out, and
 * gives a wait for a page with none for `quietMs`. Every signed-in page keeps the bell's notification
 * stream open for its life, so Playwright's 'networkidle' never comes.
 */
export function watchRequests(context: BrowserContext): (page: Page, quietMs?: number) => Promise<void> {
  const open = new Set<Request>();
  context.on('request', (request) => {
    if (request.headers().accept !== 'text/event-stream') open.add(request);
  });
  context.on('requestfinished', (request) => open.delete(request));
  context.on('requestfailed', (request) => open.delete(request));
  return async (page, quietMs = 500) => {
    let quietSince = Date.now();
    await waitFor(
      () => {
        const busy = [...open].some((request) => request.frame().page() === page);
        if (busy) quietSince = Date.now();
        return !busy && Date.now() - quietSince >= quietMs;
      },
      { timeoutMs: 30_000, message: 'no request in flight' },
    );
  };
}
