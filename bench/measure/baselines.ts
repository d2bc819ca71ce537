import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { Client } from 'pg';
import { BenchContext } from '../lib/context';
import { round, summarize } from '../lib/stats';

const run = promisify(execFile);

export const RAW_KEY = 'bench:raw:board';
export const rawMember = (index: number) => `m:${String(index).padStart(12, '0')}`;

// Fills the set inside Redis, `count` members per call, so a chunk never blocks the shared Redis long.
const FILL = `
for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
  redis.call('ZADD', KEYS[1], (i * 7919) % 1000003, string.format('m:%012d', i))
end
return 1
`;

/** Our own 1M-member sorted set in the bench's Redis DB, named the way redis-benchmark's __rand_int__ is. */
export async function fillRawBoard(context: BenchContext, members: number): Promise<number> {
  const redis = new Redis(`redis://127.0.0.1:6379/${context.env.redisDb}`);
  const started = Date.now();
  try {
    await redis.del(RAW_KEY);
    const chunk = 20_000;
    for (let from = 0; from < members; from += chunk) {
      await redis.eval(FILL, 1, RAW_KEY, from, Math.min(members, from + chunk) - 1);
    }
    const size = await redis.zcard(RAW_KEY);
    if (size !== members) throw new Error(`raw board has ${size} members, expected ${members}`);
  } finally {
    redis.disconnect();
  }
  return Date.now() - started;
}

export async function dropRawBoard(context: BenchContext): Promise<void> {
  const redis = new Redis(`redis://127.0.0.1:6379/${context.env.redisDb}`);
  await redis.del(RAW_KEY).finally(() => redis.disconnect());
}

export interface RedisBenchFigure {
  command: string;
  pipeline: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** redis-benchmark on our own key: the physical limit of one Redis on this machine. */
export async function redisBenchmark(
  context: BenchContext,
  members: number,
  label: string,
  args: string[],
  pipeline: number,
): Promise<RedisBenchFigure> {
  const { stdout } = await run(
    'redis-benchmark',
    [
      '-h',
      '127.0.0.1',
      '-p',
      '6379',
      '--dbnum',
      String(context.env.redisDb),
      '-c',
      '50',
      '-n',
      String(context.options.redisRequests * (pipeline > 1 ? 4 : 1)),
      '-r',
      String(members),
      '-P',
      String(pipeline),
      '--csv',
      ...args,
    ],
    { maxBuffer: 1 << 20 },
  );
  const row = stdout
    .trim()
    .split('\n')
    .find((line) => !line.startsWith('"test"'));
  if (!row) throw new Error(`redis-benchmark printed nothing: ${stdout}`);
  const cells = row.split('","').map((value) => value.replace(/"/g, ''));
  return {
    command: label,
    pipeline,
    rps: Number(cells[1]),
    p50Ms: Number(cells[4]),
    p99Ms: Number(cells[6]),
  };
}

export const PG_TABLE = 'bench_pg_board';

/** The obvious alternative: one row per advocate, an index on points DESC, window functions. */
export async function fillPostgresBoard(context: BenchContext, members: number): Promise<number> {
  const client = new Client({ connectionString: context.env.databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    await client.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
    await client.query(`CREATE TABLE ${PG_TABLE} (employee_id text PRIMARY KEY, points bigint NOT NULL)`);
    await client.query(
      `INSERT INTO ${PG_TABLE} SELECT 'e' || lpad(g::text, 7, '0'), (g::bigint * 7919) % 1000003
       FROM generate_series(0, $1::int - 1) g`,
      [members],
    );
    await client.query(`CREATE INDEX ${PG_TABLE}_points ON ${PG_TABLE} (points DESC, employee_id)`);
    await client.query(`ANALYZE ${PG_TABLE}`);
  } finally {
    await client.end();
  }
  return Date.now() - started;
}

export async function dropPostgresBoard(context: BenchContext): Promise<void> {
  const client = new Client({ connectionString: context.env.databaseUrl });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS ${PG_TABLE}`).finally(() => client.end());
}

/** The three board queries the way a team without Redis writes them. `:id` is a random advocate. */
export const PG_QUERIES = {
  top10: `SELECT employee_id, points, RANK() OVER (ORDER BY points DESC) AS rank
  FROM ${PG_TABLE} ORDER BY points DESC LIMIT 10;`,
  rank: `SELECT rank FROM (SELECT employee_id, RANK() OVER (ORDER BY points DESC) AS rank FROM ${PG_TABLE}) ranked
  WHERE employee_id = :emp;`,
  // `me` is evaluated once (an InitPlan); joining the two ranked sets instead makes the planner
  // rescan one for every row of the other, which never finishes at 1M rows.
  around: `WITH ranked AS MATERIALIZED (SELECT employee_id, points, RANK() OVER (ORDER BY points DESC) AS rank,
  ROW_NUMBER() OVER (ORDER BY points DESC, employee_id) AS position FROM ${PG_TABLE}),
  me AS MATERIALIZED (SELECT position FROM ranked WHERE employee_id = :emp)
  SELECT employee_id, points, rank FROM ranked
  WHERE position BETWEEN (SELECT position FROM me) - 5 AND (SELECT position FROM me) + 5 ORDER BY position;`,
} as const;

export interface PgBenchFigure {
  query: keyof typeof PG_QUERIES;
  tps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  transactions: number;
}

/** pgbench with per-transaction logs, so we report p50/p99 and not only the mean. */
export async function pgbench(
  context: BenchContext,
  query: keyof typeof PG_QUERIES,
  members: number,
): Promise<PgBenchFigure> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  try {
    const script = path.join(directory, `${query}.sql`);
    // pgbench cannot build a quoted string in \set; the id is built in SQL from a random number.
    writeFileSync(
      script,
      `\\set n random(0, ${members - 1})\n${PG_QUERIES[query].replace(/:emp/g, `('e' || lpad(:n::text, 7, '0'))`)}\n`,
    );
    const url = new URL(context.env.databaseUrl);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-h',
        url.hostname,
        '-p',
        url.port || '5432',
        '-U',
        decodeURIComponent(url.username) || 'postgres',
        '-f',
        script,
        '-T',
        String(context.options.pgSeconds),
        '-c',
        String(context.options.pgClients),
        '-j',
        '2',
        '-l',
        '--log-prefix',
        path.join(directory, 'log'),
        url.pathname.slice(1),
      ],
      {
        maxBuffer: 1 << 22,
        cwd: directory,
        // A runaway query must not hold the run: pgbench is killed and the statement cancelled.
        timeout: (context.options.pgSeconds + 60) * 1000,
        env: { ...process.env, PGOPTIONS: '-c statement_timeout=30000' },
      },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps: ${stdout}`);
    const latencies: number[] = [];
    for (const file of readdirSync(directory).filter((name) => name.startsWith('log'))) {
      for (const line of readFileSync(path.join(directory, file), 'utf8').split('\n')) {
        const micros = Number(line.split(' ')[2]);
        if (Number.isFinite(micros) && line) latencies.push(micros / 1000);
      }
    }
    const summary = summarize(latencies);
    return {
      query,
      tps: Number(tps[1]),
      p50Ms: round(summary.p50, 2),
      p99Ms: round(summary.p99, 2),
      transactions: latencies.length,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
