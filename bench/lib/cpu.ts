import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchEnv, SERVICE_NAMES } from './env';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ); 100 on every Linux we run on. */
const TICKS_PER_SECOND = Number(process.env.BENCH_CLK_TCK ?? 100);

/** utime + stime of one process in ms, or null when it is gone. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function pidsByCommand(match: (cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (match(cmdline)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The bench database's backends, from Postgres itself (other databases' backends are not ours). */
function postgresBackends(env: BenchEnv): number[] {
  try {
    const database = new URL(env.databaseUrl).pathname.slice(1);
    const out = execFileSync(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-U',
        'postgres',
        '-d',
        database,
        '-qtA',
        '-c',
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      ],
      { encoding: 'utf8', timeout: 5000 },
    );
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export type CpuSample = Map<string, Map<number, number>>;

/**
 * CPU time per component from /proc: each service process, the bench database's Postgres backends,
 * Redis and Kafka. Redis and Kafka are shared with whoever else uses this machine's servers, so
 * their figures include that load (the idle window measures its background rate).
 */
export class CpuMeter {
  constructor(private readonly env: BenchEnv) {}

  private components(): Map<string, number[]> {
    const components = new Map<string, number[]>();
    for (const service of SERVICE_NAMES) {
      try {
        const pid = Number(readFileSync(path.join(this.env.runDir, `${service}.pid`), 'utf8').trim());
        components.set(service, [pid]);
      } catch {
        // not started by run.sh
      }
    }
    components.set('postgres (bench database backends)', postgresBackends(this.env));
    components.set(
      'redis (shared server)',
      pidsByCommand((cmd) => cmd.startsWith('redis-server')),
    );
    components.set(
      'kafka (shared broker)',
      pidsByCommand((cmd) => cmd.includes('kafka.Kafka')),
    );
    return components;
  }

  sample(): CpuSample {
    const sample: CpuSample = new Map();
    for (const [name, pids] of this.components()) {
      const perPid = new Map<number, number>();
      for (const pid of pids) {
        const ms = cpuMsOf(pid);
        if (ms !== null) perPid.set(pid, ms);
      }
      sample.set(name, perPid);
    }
    return sample;
  }

  /** CPU ms per component between two samples; a process that appeared in between counts from 0. */
  static delta(before: CpuSample, after: CpuSample): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, perPid] of after) {
      let ms = 0;
      for (const [pid, now] of perPid) ms += now - (before.get(name)?.get(pid) ?? 0);
      out[name] = Math.max(0, ms);
    }
    return out;
  }
}

export interface CpuFigures {
  /** CPU ms per component over the measurement, with the idle rate × duration taken off. */
  busyMs: Record<string, number>;
  durationMs: number;
}

export function subtractIdle(
  raw: Record<string, number>,
  idleCores: Record<string, number>,
  durationMs: number,
): CpuFigures {
  const busyMs: Record<string, number> = {};
  for (const [name, ms] of Object.entries(raw)) {
    busyMs[name] = Math.max(0, Math.round(ms - (idleCores[name] ?? 0) * durationMs));
  }
  return { busyMs, durationMs };
}
