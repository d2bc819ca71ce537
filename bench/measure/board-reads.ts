import { TOPICS } from '@advocacy/contracts';
import { BenchContext } from '../lib/context';
import { pointsAwarded } from '../lib/events';
import { Api, describeFailure, load, LoadResult, serviceUrl, tokenFor } from '../lib/http';
import { Figure, Measurement, targetFigure, unavailableFigure } from '../lib/result';
import { round, sleep } from '../lib/stats';
import {
  dropPostgresBoard,
  dropRawBoard,
  fillPostgresBoard,
  fillRawBoard,
  PG_QUERIES,
  pgbench,
  PgBenchFigure,
  RAW_KEY,
  redisBenchmark,
  RedisBenchFigure,
} from './baselines';
import { bulkFillBoard } from './board-fill';

const LEADERBOARD = 'leaderboard-service';
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];
const boardMember = (index: number) => `b${String(index).padStart(7, '0')}`;
const fillPoints = (index: number) => ((index * 7919) % 1000003) + 1;

interface FillResult {
  members: number;
  publishMs: number;
  consumedMs: number | null;
  visibleMembers: number;
}

/**
 * Fills the board through the service's own path: `points.awarded` events on the points topic, in
 * big batches, consumed by the leaderboard. How long that takes is itself a throughput figure.
 */
async function fillServiceBoard(
  context: BenchContext,
  api: Api,
  tenantId: string,
  members: number,
): Promise<FillResult> {
  const batch = 5000;
  const inFlight = 4;
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < members) {
      const from = next;
      next = Math.min(members, next + batch);
      const envelopes = [];
      for (let index = from; index < next; index += 1) {
        envelopes.push(pointsAwarded(tenantId, boardMember(index), fillPoints(index)));
      }
      await context.publisher.publish(envelopes);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const publishMs = Date.now() - started;
  context.log(`board fill: ${members} points.awarded published in ${(publishMs / 1000).toFixed(1)}s`);

  const deadline = started + context.options.fillTimeoutSeconds * 1000;
  let consumedMs: number | null = null;
  let visibleMembers = 0;
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    const { lag } = await context.lag.lag(LEADERBOARD, [TOPICS.points.name]);
    visibleMembers = await countMembers(api, members);
    if (lag === 0 && visibleMembers >= members) {
      consumedMs = Date.now() - started;
      break;
    }
    if (Date.now() - lastLog > 10_000) {
      context.log(`board fill: leaderboard lag ${lag}, ${visibleMembers} members visible`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
  return { members, publishMs, consumedMs, visibleMembers };
}

/** How many members the board shows, from the public API only: the last rank that answers. */
async function countMembers(api: Api, expected: number): Promise<number> {
  const at = async (offset: number) => {
    const response = await api.get(`/api/v1/leaderboards/global?period=all&limit=1&offset=${offset}`);
    const entries = (response.body as { entries?: unknown[] } | null)?.entries;
    return response.status === 200 && Array.isArray(entries) && entries.length > 0;
  };
  if (await at(expected - 1)) return expected;
  let low = 0;
  let high = expected - 1;
  if (!(await at(0))) return 0;
  while (low + 1 < high) {
    const middle = Math.floor((low + high) / 2);
    if (await at(middle)) low = middle;
    else high = middle;
  }
  return low + 1;
}

interface HttpQuery {
  id: 'top10' | 'rank' | 'around';
  label: string;
  path: () => string;
}

export async function measureBoardReads(
  context: BenchContext,
): Promise<Omit<Measurement, 'id' | 'title' | 'durationMs'>> {
  const { options, env } = context;
  const members = options.boardMembers;
  const tenantId = context.tenant('board');
  const token = tokenFor(tenantId, 'bench-reader', ['admin']);
  const api = new Api(serviceUrl(env.ports.leaderboard), token);
  const figures: Figure[] = [];
  const problems: string[] = [];

  // The consumer's own rate, on a board of its own: `--fill-kafka-events` through points.v1.
  const kafkaTenant = context.tenant('board-kafka');
  const kafkaApi = new Api(serviceUrl(env.ports.leaderboard), tokenFor(kafkaTenant, 'bench-reader'));
  const consumed = await fillServiceBoard(context, kafkaApi, kafkaTenant, options.fillKafkaEvents);
  const consumedElapsedMs = consumed.consumedMs ?? options.fillTimeoutSeconds * 1000;
  figures.push({
    name: `leaderboard consumes ${options.fillKafkaEvents.toLocaleString('en-US')} points.awarded (publish → on the board)`,
    value: round((consumed.visibleMembers / consumedElapsedMs) * 1000, 0),
    unit: 'events/s',
    note:
      consumed.consumedMs === null
        ? `NOT complete after ${options.fillTimeoutSeconds}s (published in ${(consumed.publishMs / 1000).toFixed(1)}s): ${consumed.visibleMembers} on the board`
        : `published in ${(consumed.publishMs / 1000).toFixed(1)}s, all on the board after ${(consumed.consumedMs / 1000).toFixed(1)}s`,
  });

  // The read board: filled in bulk through the service's own store code (measure/board-fill.ts).
  const bulkMs = await bulkFillBoard(context, tenantId, members, (index) => ({
    employeeId: boardMember(index),
    points: fillPoints(index),
  }));
  const visible = await countMembers(api, members);
  const fill = { members, bulkMs, visibleMembers: visible };
  figures.push({
    name: `bulk fill ${members.toLocaleString('en-US')} members (BoardStore.applyPointsBatch, 500 per script)`,
    value: round((members / bulkMs) * 1000, 0),
    unit: 'events/s',
    note: `${(bulkMs / 1000).toFixed(1)}s; ${visible.toLocaleString('en-US')} members on the board afterwards`,
  });
  if (visible < members) problems.push(`board fill incomplete: ${visible} of ${members} members`);
  // Reads ask about members that are on the board, even when the fill is incomplete.
  const onBoard = Math.max(1, fill.visibleMembers);
  const comparable = fill.visibleMembers >= members * 0.9;
  const sizeNote = comparable
    ? undefined
    : `board had ${fill.visibleMembers.toLocaleString('en-US')} of ${members.toLocaleString('en-US')} members: not comparable`;

  const rankedMember = async (): Promise<string | null> => {
    const response = await api.get(
      `/api/v1/leaderboards/global?period=all&limit=1&offset=${Math.floor(Math.random() * onBoard)}`,
    );
    return (response.body as { entries?: { employeeId: string }[] } | null)?.entries?.[0]?.employeeId ?? null;
  };
  // Members known to be on the board (the fill is keyed by partition, so any subset may be missing).
  const sample: string[] = [];
  for (let index = 0; index < 200; index += 1) {
    const member = await rankedMember();
    if (member) sample.push(member);
  }
  const randomMember = () =>
    sample.length > 0 ? sample[Math.floor(Math.random() * sample.length)] : boardMember(0);

  const queries: HttpQuery[] = [
    { id: 'top10', label: 'top-10', path: () => '/api/v1/leaderboards/global?period=all&limit=10' },
    {
      id: 'rank',
      label: 'rank-of-me',
      path: () => `/api/v1/leaderboards/global/rank/${randomMember()}?period=all`,
    },
    {
      id: 'around',
      label: 'around-me (radius 5)',
      path: () => `/api/v1/leaderboards/global/around/${randomMember()}?period=all&radius=5`,
    },
  ];
  const http = new Map<HttpQuery['id'], LoadResult>();
  for (const query of queries) {
    const probePath = query.path();
    const probe = await api.get(probePath);
    if (probe.status !== 200) {
      const reason = describeFailure(probePath, probe);
      problems.push(`${query.label}: ${reason}`);
      figures.push(unavailableFigure(`HTTP ${query.label}`, 'req/s', reason));
      continue;
    }
    let result: LoadResult;
    try {
      result = await load({
        url: serviceUrl(env.ports.leaderboard),
        connections: options.httpConnections,
        seconds: options.httpSeconds,
        headers: { authorization: `Bearer ${token}` },
        path: query.path,
      });
    } catch (error) {
      problems.push(`${query.label}: ${errorText(error)}`);
      figures.push(unavailableFigure(`HTTP ${query.label}`, 'req/s', errorText(error)));
      continue;
    }
    http.set(query.id, result);
    const non200 = Object.entries(result.statusCodes).filter(([code]) => code !== '200');
    figures.push({
      name: `HTTP ${query.label} (${options.httpConnections} connections)`,
      value: result.requestsPerSecond,
      unit: 'req/s',
      note: `${comparable ? '' : `${fill.visibleMembers.toLocaleString('en-US')} members only; `}p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${non200.length ? `; non-200: ${JSON.stringify(Object.fromEntries(non200))}` : ''}${result.errors ? `; ${result.errors} errors` : ''}`,
    });
  }

  context.log('raw Redis baseline');
  const raw: RedisBenchFigure[] = [];
  let rawFillMs: number | null = null;
  try {
    rawFillMs = await fillRawBoard(context, members);
    const commands: [string, string[]][] = [
      ['ZRANGE 0 9 REV WITHSCORES', ['ZRANGE', RAW_KEY, '0', '9', 'REV', 'WITHSCORES']],
      ['ZREVRANK', ['ZREVRANK', RAW_KEY, 'm:__rand_int__']],
      ['ZINCRBY', ['ZINCRBY', RAW_KEY, '1', 'm:__rand_int__']],
    ];
    for (const [label, args] of commands) {
      for (const pipeline of [1, 16]) raw.push(await redisBenchmark(context, members, label, args, pipeline));
    }
  } catch (error) {
    problems.push(`raw Redis: ${errorText(error)}`);
    figures.push(unavailableFigure('raw Redis baseline', 'req/s', errorText(error)));
  } finally {
    await dropRawBoard(context);
  }
  for (const entry of raw) {
    figures.push({
      name: `raw Redis ${entry.command}${entry.pipeline > 1 ? ` -P ${entry.pipeline}` : ''} (50 clients)`,
      value: entry.rps,
      unit: 'req/s',
      note: `p50 ${entry.p50Ms} ms, p99 ${entry.p99Ms} ms`,
    });
  }

  context.log('Postgres baseline');
  const pg = new Map<keyof typeof PG_QUERIES, PgBenchFigure>();
  let pgFillMs: number | null = null;
  try {
    pgFillMs = await fillPostgresBoard(context, members);
    for (const query of Object.keys(PG_QUERIES) as (keyof typeof PG_QUERIES)[]) {
      try {
        pg.set(query, await pgbench(context, query, members));
      } catch (error) {
        problems.push(`Postgres ${query}: ${errorText(error)}`);
        figures.push(unavailableFigure(`Postgres window query ${query}`, 'queries/s', errorText(error)));
      }
    }
  } catch (error) {
    problems.push(`Postgres: ${errorText(error)}`);
    figures.push(unavailableFigure('Postgres baseline', 'queries/s', errorText(error)));
  } finally {
    await dropPostgresBoard(context);
  }
  for (const entry of pg.values()) {
    figures.push({
      name: `Postgres window query ${entry.query} (pgbench, ${options.pgClients} clients)`,
      value: entry.tps,
      unit: 'queries/s',
      note: `p50 ${entry.p50Ms} ms, p99 ${entry.p99Ms} ms`,
    });
  }

  // Around-me needs ZREVRANK then ZRANGE: its raw rate is the two commands back to back.
  const rawRate = (command: string) =>
    raw.find((entry) => entry.command === command && entry.pipeline === 1)?.rps;
  const zrange = rawRate('ZRANGE 0 9 REV WITHSCORES');
  const zrevrank = rawRate('ZREVRANK');
  const rawFor: Record<HttpQuery['id'], number | undefined> = {
    top10: zrange,
    rank: zrevrank,
    around: zrange && zrevrank ? 1 / (1 / zrange + 1 / zrevrank) : undefined,
  };
  for (const query of queries) {
    const ours = http.get(query.id)?.requestsPerSecond ?? null;
    const rawRps = rawFor[query.id];
    const pgRps = pg.get(query.id)?.tps;
    const missing = ours === null ? 'no HTTP figure' : undefined;
    const rawReason = missing ?? (rawRps ? sizeNote : 'no raw Redis figure');
    const pgReason = missing ?? (pgRps ? sizeNote : 'no Postgres figure');
    const rawName = `${query.label}: ours / raw Redis`;
    const pgName = `${query.label}: ours / Postgres`;
    figures.push(
      rawReason || !rawRps || ours === null
        ? unavailableFigure(rawName, 'ratio', rawReason ?? '', '≥ 0.5')
        : targetFigure(rawName, round(ours / rawRps, 3), 'ratio', '≥ 0.5', (v) => v >= 0.5),
      pgReason || !pgRps || ours === null
        ? unavailableFigure(pgName, '×', pgReason ?? '', '≥ 100×')
        : targetFigure(pgName, round(ours / pgRps, 1), '×', '≥ 100×', (v) => v >= 100),
    );
  }

  return {
    status: problems.length === 0 ? 'ok' : 'partial',
    ...(problems.length ? { reason: problems.join('; ') } : {}),
    figures,
    details: {
      members,
      fill,
      consumed,
      rawFillMs,
      pgFillMs,
      http: Object.fromEntries(http),
      raw,
      postgres: [...pg.values()],
      note: 'autocannon, redis-benchmark and pgbench run on the same 2 cores as the services they measure',
    },
  };
}
