import { AnyEnvelope } from '@advocacy/contracts';
import { BenchContext } from '../lib/context';
import { activityEvent, contentPublished, shareRecorded, Workforce } from '../lib/events';
import { Api, describeFailure, serviceUrl, tokenFor } from '../lib/http';
import { GroupLag } from '../lib/kafka';
import { Figure, Measurement, targetFigure, Unavailable } from '../lib/result';
import { round, sleep, summarize, wallClockMs } from '../lib/stats';

const SCORING = 'scoring-service';
const LEADERBOARD = 'leaderboard-service';
/** The leaderboard's badge handlers run in a consumer group of their own (off the board's path). */
const BADGES = 'leaderboard-service-badges';
const TICK_MS = 20;
const MAX_RATE_BATCH = 2000;

/** How long a step waits for its last probes and for the consumers to drain before the next step. */
const timeouts = (context: BenchContext) =>
  context.options.quick
    ? { probeTimeoutMs: 3000, drainTimeoutMs: 5000 }
    : { probeTimeoutMs: 10_000, drainTimeoutMs: 20_000 };

interface StepResult {
  offeredRate: number | 'max';
  publishedRate: number;
  published: number;
  seconds: number;
  freshness: ReturnType<typeof summarize>;
  probes: number;
  probesMissing: number;
  scoringConsumedRate: number | null;
  leaderboardConsumedRate: number | null;
  badgesConsumedRate: number | null;
  lagAtEnd: { scoring: number; leaderboard: number; badges: number };
  maxLag: { scoring: number; leaderboard: number; badges: number };
  bounded: boolean;
  drainMs: number | null;
  lagSamples: { atMs: number; scoring: number; leaderboard: number; badges: number }[];
}

/** Publishes the load mix at a fixed rate (0 = as fast as the producer goes) for `seconds`. */
async function offerLoad(context: BenchContext, workforce: Workforce, rate: number, seconds: number) {
  const started = Date.now();
  const endAt = started + seconds * 1000;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const send = (envelopes: AnyEnvelope[]) => {
    const promise = context.publisher.publish(envelopes).finally(() => pending.delete(promise));
    pending.add(promise);
  };
  while (Date.now() < endAt) {
    if (rate === 0) {
      if (pending.size >= 4) await Promise.race(pending);
      const envelopes = Array.from({ length: MAX_RATE_BATCH }, () => activityEvent(workforce));
      send(envelopes);
      sent += envelopes.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    const due = Math.floor(((Date.now() - started) / 1000) * rate) - sent;
    if (due > 0) {
      send(Array.from({ length: due }, () => activityEvent(workforce)));
      sent += due;
    }
    await sleep(TICK_MS);
  }
  await Promise.all(pending);
  return { sent, elapsedMs: Date.now() - started };
}

/**
 * Probe advocates of a tenant of their own: one share each, published in the middle of the load
 * (same topics, same partitions), then watched on their board until the points show up.
 */
class ProbeWatcher {
  private readonly pending = new Map<string, number>();
  readonly freshness: number[] = [];
  private published = 0;
  private running = true;
  private loop?: Promise<void>;

  constructor(
    private readonly context: BenchContext,
    private readonly api: Api,
    private readonly workforce: Workforce,
  ) {}

  start(): void {
    this.loop = this.watch();
  }

  async probe(name: string): Promise<void> {
    const envelope = shareRecorded(this.workforce, name, null, 'linkedin');
    this.pending.set(name, wallClockMs());
    this.published += 1;
    await this.context.publisher.publish([envelope]);
  }

  private async watch(): Promise<void> {
    while (this.running) {
      if (this.pending.size > 0) {
        const response = await this.api.get('/api/v1/leaderboards/global?period=all&limit=1000');
        const seenAt = wallClockMs();
        const entries = (response.body as { entries?: { employeeId: string; points: number }[] } | null)
          ?.entries;
        for (const entry of entries ?? []) {
          const publishedAt = this.pending.get(entry.employeeId);
          if (publishedAt !== undefined && entry.points > 0) {
            this.freshness.push(seenAt - publishedAt);
            this.pending.delete(entry.employeeId);
          }
        }
      }
      await sleep(5);
    }
  }

  /** Waits for the outstanding probes; the ones that never show up are counted as missing. */
  async finish(timeoutMs: number): Promise<{ probes: number; missing: number }> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(20);
    this.running = false;
    await this.loop;
    return { probes: this.published, missing: this.pending.size };
  }
}

async function runStep(
  context: BenchContext,
  load: Workforce,
  probeTenant: string,
  rate: number,
  stepIndex: number,
): Promise<StepResult> {
  const { options, env } = context;
  const { probeTimeoutMs, drainTimeoutMs } = timeouts(context);
  const probeWorkforce: Workforce = { ...load, tenantId: `${probeTenant}-${stepIndex}` };
  await context.publisher.publish([contentPublished(probeWorkforce.tenantId, load.contentId)]);
  const api = new Api(serviceUrl(env.ports.leaderboard), tokenFor(probeWorkforce.tenantId, 'bench-probe'));
  const watcher = new ProbeWatcher(context, api, probeWorkforce);
  watcher.start();

  const lagSamples: StepResult['lagSamples'] = [];
  const before = await groupLags(context);
  const started = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      // A transient broker error costs one sample, never the run.
      const lags = await groupLags(context).catch(() => null);
      if (lags) {
        lagSamples.push({
          atMs: Date.now() - started,
          scoring: lags.scoring.lag,
          leaderboard: lags.leaderboard.lag,
          badges: lags.badges.lag,
        });
      }
      await sleep(1000);
    }
  })();
  let probing = true;
  const prober = (async () => {
    let index = 0;
    while (probing) {
      await watcher.probe(`probe${String(index).padStart(5, '0')}`);
      index += 1;
      await sleep(1000 / options.probesPerSecond);
    }
  })();

  const offered = await offerLoad(context, load, rate, options.pipelineStepSeconds);
  probing = false;
  await prober;
  sampling = false;
  await sampler;
  const atEnd = await groupLags(context);
  const elapsed = (Date.now() - started) / 1000;
  const probes = await watcher.finish(probeTimeoutMs);

  const drainStarted = Date.now();
  let drainMs: number | null = null;
  while (Date.now() - drainStarted < drainTimeoutMs) {
    const lags = await groupLags(context).catch(() => null);
    if (lags && lags.scoring.lag === 0 && lags.leaderboard.lag === 0 && lags.badges.lag === 0) {
      drainMs = Date.now() - drainStarted;
      break;
    }
    await sleep(250);
  }

  const publishedRate = (offered.sent / offered.elapsedMs) * 1000;
  // Bounded: at the end of the step the pipeline is at most about one second of load behind.
  const allowance = Math.max(1000, publishedRate);
  const consumed = (after: GroupLag, previous: GroupLag) =>
    round((after.committed - previous.committed) / elapsed, 0);
  // Missing probes count as the probe timeout, so a pipeline that falls behind cannot look fresh.
  const samples = [...watcher.freshness, ...Array<number>(probes.missing).fill(probeTimeoutMs)];
  return {
    offeredRate: rate === 0 ? 'max' : rate,
    publishedRate: round(publishedRate, 0)!,
    published: offered.sent,
    seconds: round(offered.elapsedMs / 1000, 1)!,
    freshness: summarize(samples),
    probes: probes.probes,
    probesMissing: probes.missing,
    scoringConsumedRate: consumed(atEnd.scoring, before.scoring),
    leaderboardConsumedRate: consumed(atEnd.leaderboard, before.leaderboard),
    badgesConsumedRate: consumed(atEnd.badges, before.badges),
    lagAtEnd: { scoring: atEnd.scoring.lag, leaderboard: atEnd.leaderboard.lag, badges: atEnd.badges.lag },
    maxLag: {
      scoring: Math.max(0, ...lagSamples.map((sample) => sample.scoring)),
      leaderboard: Math.max(0, ...lagSamples.map((sample) => sample.leaderboard)),
      badges: Math.max(0, ...lagSamples.map((sample) => sample.badges)),
    },
    // Badges count too: a rate at which they fall behind for good is not sustained.
    bounded:
      atEnd.scoring.lag <= allowance &&
      atEnd.leaderboard.lag <= allowance &&
      atEnd.badges.lag <= allowance &&
      drainMs !== null,
    drainMs,
    lagSamples,
  };
}

/** One share through the idle pipeline first: consumers joined, code paths warm, connections open. */
async function warmUp(context: BenchContext, contentId: string): Promise<number | null> {
  const tenantId = context.tenant('warmup');
  const workforce: Workforce = { tenantId, employees: 1, teams: 1, contentId };
  await context.publisher.publish([contentPublished(tenantId, contentId)]);
  const api = new Api(serviceUrl(context.env.ports.leaderboard), tokenFor(tenantId, 'bench-probe'));
  const watcher = new ProbeWatcher(context, api, workforce);
  watcher.start();
  const started = Date.now();
  await watcher.probe('warmup');
  const { missing } = await watcher.finish(context.options.quick ? 5000 : 30_000);
  return missing === 0 ? Date.now() - started : null;
}

async function groupLags(
  context: BenchContext,
): Promise<{ scoring: GroupLag; leaderboard: GroupLag; badges: GroupLag }> {
  const [scoring, leaderboard, badges] = await Promise.all([
    context.lag.lag(SCORING),
    context.lag.lag(LEADERBOARD),
    context.lag.lag(BADGES),
  ]);
  return { scoring, leaderboard, badges };
}

export async function measurePipeline(
  context: BenchContext,
): Promise<Omit<Measurement, 'id' | 'title' | 'durationMs'>> {
  const { options, env } = context;
  const tenantId = context.tenant('pipe');
  const contentId = '00000000-0000-4000-8000-00000000b001';
  const workforce: Workforce = { tenantId, employees: options.employees, teams: options.teams, contentId };
  await context.publisher.publish([contentPublished(tenantId, contentId)]);

  // After the redirect's Kafka outage the consumers restart with a back-off and rejoin their groups;
  // give them a minute before calling the pipeline unavailable.
  const subscribedBy = Date.now() + 60_000;
  let subscribed = { scoring: [] as string[], leaderboard: [] as string[] };
  for (;;) {
    subscribed = {
      scoring: await context.lag.subscribedTopics(SCORING),
      leaderboard: await context.lag.subscribedTopics(LEADERBOARD),
    };
    if ((subscribed.scoring.length > 0 && subscribed.leaderboard.length > 0) || Date.now() > subscribedBy)
      break;
    await sleep(500);
  }
  if (subscribed.scoring.length === 0 || subscribed.leaderboard.length === 0) {
    throw new Unavailable(`consumer groups not subscribed yet: ${JSON.stringify(subscribed)}`);
  }
  const api = new Api(serviceUrl(env.ports.leaderboard), tokenFor(tenantId, 'bench-reader'));
  const probe = await api.get('/api/v1/leaderboards/global?period=all&limit=10');
  if (probe.status !== 200) throw new Unavailable(describeFailure('/api/v1/leaderboards/global', probe));

  const warmUpMs = await warmUp(context, contentId);
  context.log(`pipeline: first event through the whole pipeline after ${warmUpMs ?? 'never'} ms`);

  const steps: StepResult[] = [];
  for (const [index, rate] of options.pipelineRates.entries()) {
    context.log(
      `pipeline: offering ${rate === 0 ? 'max' : rate} events/s for ${options.pipelineStepSeconds}s`,
    );
    const step = await runStep(context, workforce, context.tenant('probe'), rate, index);
    context.log(
      `pipeline: ${step.publishedRate} ev/s published, freshness p50 ${round(step.freshness.p50)} p99 ${round(step.freshness.p99)} ms, ` +
        `lag at end ${JSON.stringify(step.lagAtEnd)}, bounded ${step.bounded}`,
    );
    steps.push(step);
  }

  const figures: Figure[] = [];
  for (const step of steps) {
    const label = step.offeredRate === 'max' ? 'max' : `${step.offeredRate.toLocaleString('en-US')} ev/s`;
    figures.push({
      name: `freshness p99 at ${label} offered`,
      value: round(step.freshness.p99),
      unit: 'ms',
      note:
        `p50 ${round(step.freshness.p50)} ms, p95 ${round(step.freshness.p95)} ms, ${step.probes} probes` +
        `${step.probesMissing ? ` (${step.probesMissing} not seen within ${timeouts(context).probeTimeoutMs / 1000}s)` : ''}; ` +
        `published ${step.publishedRate} ev/s; consumed scoring ${step.scoringConsumedRate}/s, leaderboard ` +
        `${step.leaderboardConsumedRate}/s, badges ${step.badgesConsumedRate}/s; lag at end ` +
        `${step.lagAtEnd.scoring}/${step.lagAtEnd.leaderboard}/${step.lagAtEnd.badges}; ` +
        `${step.bounded ? 'bounded' : 'NOT bounded'}`,
    });
  }
  const sustained = steps.filter((step) => step.bounded).map((step) => step.publishedRate);
  figures.push(
    targetFigure(
      'sustained rate (scoring, board and badge lag bounded)',
      sustained.length ? Math.max(...sustained) : 0,
      'events/s',
      '≥ 5,000',
      (value) => value >= 5000,
      `offered steps ${options.pipelineRates.map((rate) => rate || 'max').join(', ')}; ${options.pipelineStepSeconds}s each`,
    ),
  );
  const at1000 = steps.find((step) => step.offeredRate === 1000);
  figures.push(
    targetFigure(
      'freshness p99 at 1,000 events/s',
      at1000 ? round(at1000.freshness.p99) : null,
      'ms',
      '≤ 250 ms',
      (value) => value <= 250,
      at1000 ? undefined : 'no 1,000 ev/s step in this run',
    ),
  );
  return {
    status: 'ok',
    figures,
    details: {
      employees: options.employees,
      teams: options.teams,
      subscribed,
      warmUpMs,
      steps,
      note: 'freshness = publication of a probe share.recorded → its points on the probe tenant board (polled every 5 ms)',
    },
  };
}
