import path from 'node:path';
import { BenchContext } from './lib/context';
import { benchEnv, benchKafka } from './lib/env';
import { LagMeter, Publisher } from './lib/kafka';
import { parseOptions } from './lib/options';
import { machine, Report, writeReport } from './lib/report';
import { Measurement, Unavailable } from './lib/result';
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
  for (const service of ['scoring-service', 'leaderboard-service']) {
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
  try {
    for (const { id, title, run } of MEASUREMENTS) {
      if (options.only && !options.only.includes(id)) continue;
      context.log(`${title}…`);
      const backlogAtStart = await settle(context);
      const started = Date.now();
      try {
        const outcome = await run(context);
        const details = { ...outcome.details, backlogAtStart };
        measurements.push({ id, title, ...outcome, details, durationMs: Date.now() - started });
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
