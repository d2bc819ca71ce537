import os from 'node:os';
import path from 'node:path';
import { BenchContext } from './lib/context';
import { CpuMeter, subtractIdle } from './lib/cpu';
import { benchEnv, benchKafka, SERVICE_NAMES } from './lib/env';
import { LagMeter, Publisher } from './lib/kafka';
import { parseOptions } from './lib/options';
import { machine, Report, writeReport } from './lib/report';
import { Figure, Measurement, targetFigure, Unavailable } from './lib/result';
import { round, sleep } from './lib/stats';
import { measureBoardReads } from './measure/board-reads';
import { measureFanOut } from './measure/fanout';
import { measurePipeline } from './measure/pipeline';
import { measureRedirect } from './measure/redirect';

type Run = (context: BenchContext) => Promise<Omit<Measurement, 'id' | 'title' | 'durationMs'>>;

const MEASUREMENTS: { id: string; title: string; run: Run }[] = [
  // Latency-sensitive measurements first, on idle consumers; the pipeline and the board fill leave
  // a backlog behind when the consumers cannot keep up, and that must not distort the others.
  { id: 'fanout', title: 'Live fan-out (SSE)', run: measureFanOut },
  { id: 'redirect', title: 'Redirect', run: measureRedirect },
  { id: 'pipeline', title: 'Pipeline', run: measurePipeline },
  { id: 'boards', title: 'Board reads', run: measureBoardReads },
];

/**
 * Lets the consumers finish what the previous measurement left before the next one starts, so its
 * backlog does not compete for the same two cores. Bounded: a pipeline that cannot catch up is
 * itself a finding, recorded with the backlog the next measurement started with.
 */
async function settle(context: BenchContext): Promise<Record<string, number | null>> {
  const timeoutMs = context.options.quick ? 5000 : 30_000;
  const started = Date.now();
  const backlog: Record<string, number | null> = {};
  for (const service of ['scoring-service', 'leaderboard-service', 'leaderboard-service-badges']) {
    const left = Math.max(0, timeoutMs - (Date.now() - started));
    const waited = await context.lag.waitForLag(service, undefined, 0, left).catch(() => null);
    backlog[service] =
      waited === null ? ((await context.lag.lag(service).catch(() => null))?.lag ?? null) : 0;
  }
  if (Object.values(backlog).some((lag) => lag !== 0)) {
    context.log(`consumers still behind after ${timeoutMs / 1000}s: ${JSON.stringify(backlog)}`);
  }
  return backlog;
}

const SERVICE_KEYS: readonly string[] = SERVICE_NAMES;

/** What one unit of work of a measurement is, for CPU-ms per unit: source events or requests. */
function unitsOf(
  id: string,
  details: Record<string, unknown> | undefined,
): { unit: string; count: number } | null {
  if (id === 'pipeline') {
    const steps = (details?.steps as { published: number }[] | undefined) ?? [];
    return { unit: 'source event', count: steps.reduce((sum, step) => sum + step.published, 0) };
  }
  if (id === 'redirect') {
    const total = (details?.kafkaUp as { total?: number } | undefined)?.total;
    return total ? { unit: 'redirect', count: total } : null;
  }
  return null;
}

function cpuFigures(
  id: string,
  details: Record<string, unknown> | undefined,
  busyMs: Record<string, number>,
): Figure[] {
  const units = unitsOf(id, details);
  const total = Object.values(busyMs).reduce((sum, ms) => sum + ms, 0);
  if (!units || units.count === 0) {
    return [
      {
        name: 'CPU used (idle subtracted), all components',
        value: round(total / 1000, 1),
        unit: 'CPU-s',
        note: Object.entries(busyMs)
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
          .join('; '),
      },
    ];
  }
  const per = (ms: number) => round(ms / units.count, 4);
  return [
    ...(id === 'pipeline'
      ? [
          targetFigure(
            `CPU-ms per ${units.unit}, whole stack`,
            per(total),
            'ms',
            '≤ 0.3 ms',
            (v) => v <= 0.3,
            `${units.count} ${units.unit}s; idle subtracted`,
          ),
        ]
      : [
          {
            name: `CPU-ms per ${units.unit}, whole stack`,
            value: per(total),
            unit: 'ms',
            note: `${units.count} ${units.unit}s; idle subtracted`,
          },
        ]),
    ...Object.entries(busyMs).map(([name, ms]) => ({
      name: `CPU-ms per ${units.unit}: ${name}`,
      value: per(ms),
      unit: 'ms',
    })),
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = benchEnv();
  const startedAt = new Date().toISOString();
  const runId = Date.now().toString(36);
  const kafka = benchKafka(env, 'bench');
  const context: BenchContext = {
    env,
    options,
    kafka,
    publisher: await Publisher.connect(kafka, env),
    lag: await LagMeter.connect(kafka, env),
    tenant: (suffix) => `bench-${runId}-${suffix}`,
    log: (message) => process.stdout.write(`[bench] ${message}\n`),
  };

  const measurements: Measurement[] = [];
  // Idle first: what the stack burns doing nothing, subtracted from every measurement below.
  const cpu = new CpuMeter(env);
  const idleSeconds = options.quick ? 5 : 10;
  context.log(`idle CPU over ${idleSeconds}s…`);
  await settle(context);
  const idleBefore = cpu.sample();
  await sleep(idleSeconds * 1000);
  const idleRaw = CpuMeter.delta(idleBefore, cpu.sample());
  const idleCores: Record<string, number> = {};
  for (const [name, ms] of Object.entries(idleRaw)) idleCores[name] = ms / (idleSeconds * 1000);
  const serviceIdle = SERVICE_KEYS.reduce((sum, name) => sum + (idleCores[name] ?? 0), 0);
  measurements.push({
    id: 'idle',
    title: 'Idle CPU',
    status: 'ok',
    durationMs: idleSeconds * 1000,
    figures: [
      targetFigure(
        'idle CPU of the six services',
        round(serviceIdle, 3),
        'cores',
        '≤ 0.05 cores',
        (value) => value <= 0.05,
        Object.entries(idleCores)
          .map(([name, cores]) => `${name} ${cores.toFixed(3)}`)
          .join('; '),
      ),
    ],
    details: { idleCores, seconds: idleSeconds, loadAverage: os.loadavg() },
  });
  try {
    for (const { id, title, run } of MEASUREMENTS) {
      if (options.only && !options.only.includes(id)) continue;
      context.log(`${title}…`);
      const backlogAtStart = await settle(context);
      const started = Date.now();
      const cpuBefore = cpu.sample();
      const loadAtStart = os.loadavg();
      try {
        const outcome = await run(context);
        const durationMs = Date.now() - started;
        const cpuUsed = subtractIdle(CpuMeter.delta(cpuBefore, cpu.sample()), idleCores, durationMs);
        const details = {
          ...outcome.details,
          backlogAtStart,
          cpu: cpuUsed,
          loadAtStart,
          loadAtEnd: os.loadavg(),
        };
        const figures = [...outcome.figures, ...cpuFigures(id, outcome.details, cpuUsed.busyMs)];
        measurements.push({ id, title, ...outcome, figures, details, durationMs });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const reason = error instanceof Unavailable ? message : `error: ${message.split('\n')[0]}`;
        context.log(`${title} unavailable: ${reason}`);
        const stack = error instanceof Error && !(error instanceof Unavailable) ? { stack: error.stack } : {};
        measurements.push({
          id,
          title,
          status: 'unavailable',
          reason,
          figures: [],
          details: { backlogAtStart, ...stack },
          durationMs: Date.now() - started,
        });
      }
      context.log(`${title} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }
  } finally {
    await context.publisher.disconnect().catch(() => undefined);
    await context.lag.disconnect().catch(() => undefined);
  }

  const report: Report = {
    command: env.command,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    options,
    measurements,
  };
  const written = writeReport(report, path.resolve(__dirname, '..', '..', 'bench', 'results'));
  context.log(`wrote ${written.json} and ${written.md}`);
}

// Exit explicitly: a client library keeping a socket or timer alive must not keep run.sh waiting.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
