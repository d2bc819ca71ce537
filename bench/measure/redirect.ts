import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { BenchContext } from '../lib/context';
import { contentPublished } from '../lib/events';
import { Api, describeFailure, load, LoadResult, serviceUrl, tokenFor } from '../lib/http';
import { LagMeter, Publisher } from '../lib/kafka';
import { Figure, Measurement, targetFigure, Unavailable, unavailableFigure } from '../lib/result';
import { sleep } from '../lib/stats';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Creates one share through the API; the content must reach share-tracking's projection first. */
async function createShare(context: BenchContext): Promise<string> {
  const { env } = context;
  const tenantId = context.tenant('redirect');
  const contentId = randomUUID();
  await context.publisher.publish([contentPublished(tenantId, contentId)]);
  const api = new Api(serviceUrl(env.ports.shareTracking), tokenFor(tenantId, 'r-advocate', ['employee']));
  const deadline = Date.now() + 20_000;
  let last = await api.request('POST', '/api/v1/shares', { contentId, network: 'linkedin', text: 'bench' });
  // 422 (unknown or unpublished content) until the content.published event has been consumed.
  while ((last.status === 422 || last.status === 404) && Date.now() < deadline) {
    await sleep(200);
    last = await api.request('POST', '/api/v1/shares', { contentId, network: 'linkedin', text: 'bench' });
  }
  if (last.status !== 200 && last.status !== 201) {
    throw new Unavailable(
      `POST /api/v1/shares answered ${last.status} ${JSON.stringify(last.body).slice(0, 160)}`,
    );
  }
  const body = last.body as { linkCode?: string; trackedUrl?: string };
  const code = body.linkCode ?? body.trackedUrl?.split('/l/')[1];
  if (!code)
    throw new Unavailable(`POST /api/v1/shares gave no link code: ${JSON.stringify(body).slice(0, 160)}`);
  return code;
}

const isRedirect = (status: number) => status >= 300 && status < 400;

async function hammer(context: BenchContext, url: string): Promise<LoadResult> {
  return load({
    url,
    connections: context.options.redirectConnections,
    seconds: context.options.redirectSeconds,
  });
}

function redirectFigures(label: string, result: LoadResult, baseline?: LoadResult): Figure[] {
  const redirects = Object.entries(result.statusCodes)
    .filter(([code]) => isRedirect(Number(code)))
    .reduce((sum, [, count]) => sum + count, 0);
  const other = Object.entries(result.statusCodes).filter(([code]) => !isRedirect(Number(code)));
  const note =
    `p50 ${result.p50Ms} ms; ${redirects} redirects` +
    `${other.length ? `, other statuses ${JSON.stringify(Object.fromEntries(other))}` : ''}` +
    `${result.errors ? `, ${result.errors} errors` : ''}${result.timeouts ? `, ${result.timeouts} timeouts` : ''}`;
  const figures = [
    targetFigure(
      `${label}: requests/s`,
      result.requestsPerSecond,
      'req/s',
      '≥ 5,000',
      (v) => v >= 5000,
      note,
    ),
    targetFigure(`${label}: p99`, result.p99Ms, 'ms', '≤ 20 ms', (v) => v <= 20),
  ];
  if (baseline?.requestsPerSecond && result.requestsPerSecond !== null) {
    figures.push(
      targetFigure(
        `${label}: rate vs Kafka up`,
        Number((result.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
        'ratio',
        '≥ 0.9 (unchanged)',
        (v) => v >= 0.9 && other.length === 0,
      ),
    );
  }
  return figures;
}

async function waitReady(context: BenchContext, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const ports = Object.values(context.env.ports);
  while (Date.now() < deadline) {
    const ready = await Promise.all(
      ports.map((port) =>
        fetch(`${serviceUrl(port)}/health/ready`)
          .then((response) => response.ok)
          .catch(() => false),
      ),
    );
    if (ready.every(Boolean)) return true;
    await sleep(500);
  }
  return false;
}

export async function measureRedirect(
  context: BenchContext,
): Promise<Omit<Measurement, 'id' | 'title' | 'durationMs'>> {
  const code = await createShare(context);
  const url = `${serviceUrl(context.env.ports.shareTracking)}/l/${code}`;
  const probe = await fetch(url, { redirect: 'manual' });
  if (!isRedirect(probe.status)) {
    throw new Unavailable(describeFailure(`/l/${code}`, { status: probe.status, body: await probe.text() }));
  }

  const up = await hammer(context, url);
  const figures = redirectFigures(`GET /l/:code, ${context.options.redirectConnections} connections`, up);
  const details: Record<string, unknown> = { code, kafkaUp: up };

  if (!context.options.kafkaOutage) {
    figures.push(
      unavailableFigure(
        'while Kafka is stopped',
        'req/s',
        'not run: pass --kafka-outage (npm run bench does)',
      ),
    );
    return { status: 'ok', figures, details };
  }
  context.log('redirect: stopping Kafka for the outage step');
  try {
    await run('bash', [path.join(ROOT, 'infra/kafka/stop')], { cwd: ROOT });
    const down = await hammer(context, url);
    details.kafkaDown = down;
    figures.push(...redirectFigures('while Kafka is stopped', down, up));
  } finally {
    context.log('redirect: starting Kafka again');
    await run('bash', [path.join(ROOT, 'infra/kafka/start')], { cwd: ROOT, timeout: 180_000 });
    details.readyAfterRestart = await waitReady(context, 90_000);
    // The bench's own Kafka clients saw the broker go away: start them afresh.
    await context.publisher.disconnect().catch(() => undefined);
    await context.lag.disconnect().catch(() => undefined);
    context.publisher = await Publisher.connect(context.kafka, context.env);
    context.lag = await LagMeter.connect(context.kafka, context.env);
  }
  return { status: 'ok', figures, details };
}
