import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchContext } from '../lib/context';
import { pointsAwarded } from '../lib/events';
import { serviceUrl, tokenFor } from '../lib/http';
import { Figure, Measurement, targetFigure, Unavailable } from '../lib/result';
import { round, sleep, summarize, wallClockMs } from '../lib/stats';

const UPDATE_WINDOW_MS = 3000;

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** Median of a few readings over a second: one reading is mostly garbage-collector timing. */
async function steadyRssKiB(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < 5; index += 1) {
    readings.push(rssKiB(pid));
    await sleep(250);
  }
  return readings.sort((a, b) => a - b)[2];
}

function leaderboardPid(context: BenchContext): number {
  const pid = Number(readFileSync(path.join(context.env.runDir, 'leaderboard-service.pid'), 'utf8').trim());
  rssKiB(pid);
  return pid;
}

interface Clients {
  child: ChildProcess;
  connected: number;
  failed: number;
}

async function openClients(
  context: BenchContext,
  url: string,
  tenantId: string,
  count: number,
): Promise<Clients> {
  const child = fork(path.join(__dirname, '..', 'sse-clients.js'), [url, String(count), tenantId], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SSE clients not connected after 120s`)), 120_000);
    child.once('message', (message: { connected: number; failed: number }) => {
      clearTimeout(timer);
      resolve({ child, connected: message.connected, failed: message.failed });
    });
    child.once('exit', (code) => reject(new Error(`SSE client process exited with ${code}`)));
  });
}

function expectUpdate(
  clients: Clients,
  marker: string,
): Promise<{ arrivals: number[]; matched: number; closed: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { marker?: string; arrivals: number[]; matched: number; closed: number }) => {
      if (message.marker !== marker) return;
      clients.child.off('message', onMessage);
      resolve(message);
    };
    clients.child.on('message', onMessage);
    clients.child.send({ expect: marker, windowMs: UPDATE_WINDOW_MS });
  });
}

async function closeClients(clients: Clients): Promise<void> {
  const exited = new Promise<void>((resolve) => clients.child.once('exit', () => resolve()));
  clients.child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
}

export async function measureFanOut(
  context: BenchContext,
): Promise<Omit<Measurement, 'id' | 'title' | 'durationMs'>> {
  const { env, options } = context;
  const tenantId = context.tenant('fan');
  const token = tokenFor(tenantId, 'bench-viewer', ['employee']);
  const url = `${serviceUrl(env.ports.leaderboard)}/api/v1/leaderboards/global/stream?period=all`;

  const abort = new AbortController();
  const probe = await fetch(url, {
    signal: abort.signal,
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
  }).catch((error: unknown) => {
    throw new Unavailable(`GET /api/v1/leaderboards/global/stream failed: ${String(error)}`);
  });
  const type = probe.headers.get('content-type') ?? '';
  const probeBody = probe.ok && type.includes('text/event-stream') ? '' : (await probe.text()).slice(0, 160);
  abort.abort();
  if (!probe.ok || !type.includes('text/event-stream')) {
    throw new Unavailable(
      `GET /api/v1/leaderboards/global/stream answered ${probe.status} ${type} ${probeBody}`,
    );
  }

  const pid = leaderboardPid(context);
  const figures: Figure[] = [];
  const levels: Record<string, unknown>[] = [];
  let marker = 0;
  for (const count of options.sseConnections) {
    await sleep(1000);
    const before = await steadyRssKiB(pid);
    const clients = await openClients(context, url, tenantId, count);
    try {
      await sleep(2000);
      const after = await steadyRssKiB(pid);
      const delays: number[] = [];
      let missing = 0;
      let matched = 0;
      let closed = 0;
      for (let update = 0; update < options.sseUpdates; update += 1) {
        marker += 1;
        const employee = `fan${String(marker).padStart(5, '0')}`;
        const waiting = expectUpdate(clients, employee);
        await sleep(50);
        const publishedAt = wallClockMs();
        // Enough points to enter the top of the board, so every widget's view changes.
        await context.publisher.publish([pointsAwarded(tenantId, employee, 1_000_000 + marker)]);
        const result = await waiting;
        delays.push(...result.arrivals.map((at) => at - publishedAt));
        missing += clients.connected - result.arrivals.length;
        matched += result.matched;
        closed = result.closed;
      }
      const delay = summarize(delays);
      const perConnection = clients.connected > 0 ? (after - before) / clients.connected : null;
      levels.push({
        count,
        ...clients,
        child: undefined,
        rssBeforeKiB: before,
        rssAfterKiB: after,
        delay,
        missing,
        matched,
        closed,
      });
      const label = `${count.toLocaleString('en-US')} SSE connections`;
      figures.push(
        {
          name: `${label}: RSS per connection`,
          value: round(perConnection, 1),
          unit: 'KiB',
          note: `${clients.connected} connected, ${clients.failed} failed; median RSS ${Math.round(before / 1024)} → ${Math.round(after / 1024)} MiB`,
        },
        targetFigure(
          `${label}: update delay p99`,
          round(delay.p99),
          'ms',
          '≤ 500 ms',
          (value) => value <= 500 && missing === 0,
          delay.count === 0
            ? `no update arrived within ${UPDATE_WINDOW_MS} ms (${options.sseUpdates} updates)`
            : `p50 ${round(delay.p50)} ms over ${delay.count} deliveries of ${options.sseUpdates} updates; ` +
                `${missing} deliveries missing within ${UPDATE_WINDOW_MS} ms; ${matched} named the advocate; ` +
                `${closed} streams closed`,
        ),
      );
    } finally {
      await closeClients(clients);
    }
  }
  const largest = Math.max(...options.sseConnections);
  const reached = levels.find((level) => level.count === largest)?.connected as number | undefined;
  figures.push(
    targetFigure(
      'connections held on one replica',
      reached ?? 0,
      'connections',
      '≥ 10,000',
      (value) => value >= 10_000,
      largest < 10_000 ? `this run opened at most ${largest} (--sse-connections)` : undefined,
    ),
  );
  return { status: 'ok', figures, details: { levels, updateWindowMs: UPDATE_WINDOW_MS } };
}
