import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from '@advocacy/testing';

/**
 * A private copy of the real components for the fault tests: its own PostgreSQL cluster, Redis and
 * Kafka broker on ports of their own, so a test can crash, restart or flush them without touching
 * the shared ones that other tests (or a developer's `npm start`) are using at the same moment.
 */
const ROOT = path.resolve(__dirname, '../..');
const RUN = path.join(ROOT, '.run', 'fault');
const sh = (file: string, args: string[], env: NodeJS.ProcessEnv = {}, user?: string) => {
  const [command, argv] = user ? ['runuser', ['-u', user, '--', file, ...args]] : [file, args];
  return execFileSync(command, argv, {
    env: { ...process.env, ...env },
    stdio: 'pipe',
    timeout: 180_000,
  }).toString();
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL cluster of its own (initdb once per run); `restart('immediate')` is a crash. */
export class PrivatePostgres {
  private readonly dir: string;
  private readonly bin: string;
  /** initdb and the server refuse to run as root; CI and this machine run as root. */
  private readonly user = process.getuid?.() === 0 ? 'postgres' : undefined;

  constructor(readonly port: number) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    this.bin = `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
    this.dir = `/tmp/advocacy-fault-pg-${port}`;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (!existsSync(path.join(this.dir, 'PG_VERSION'))) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
      if (this.user) sh('chown', [this.user, this.dir]);
      sh(`${this.bin}/initdb`, ['-D', this.dir, '-A', 'trust', '-U', 'postgres', '--no-sync'], {}, this.user);
    }
    this.ctl('start');
    await waitFor(() => this.answers(), { timeoutMs: 30_000, message: 'private PostgreSQL answers' });
  }

  /** `immediate` skips the shutdown checkpoint: the next start runs crash recovery, like a real crash. */
  async restart(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    this.ctl('stop', mode);
    this.ctl('start');
    await waitFor(() => this.answers(), { timeoutMs: 30_000, message: 'private PostgreSQL back' });
  }

  stop(): void {
    try {
      this.ctl('stop', 'fast');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  createDatabase(name: string): void {
    sh(`${this.bin}/createdb`, ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
  }

  private ctl(action: 'start' | 'stop', mode = 'fast'): void {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c max_connections=200',
    ].join(' ');
    const args =
      action === 'start'
        ? ['-D', this.dir, '-l', path.join(this.dir, 'server.log'), '-o', options, '-w', 'start']
        : ['-D', this.dir, '-m', mode, '-w', 'stop'];
    sh(`${this.bin}/pg_ctl`, args, {}, this.user);
  }

  private answers(): boolean | undefined {
    try {
      sh(`${this.bin}/pg_isready`, ['-q', '-h', '127.0.0.1', '-p', String(this.port)]);
      return true;
    } catch {
      return undefined;
    }
  }
}

/** A Redis of its own (no persistence, like the shared one). */
export class PrivateRedis {
  constructor(readonly port: number) {}

  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  async start(): Promise<void> {
    sh('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await waitFor(() => (this.cli('ping').trim() === 'PONG' ? true : undefined), { timeoutMs: 10_000 });
  }

  cli(...args: string[]): string {
    try {
      return sh('redis-cli', ['-p', String(this.port), ...args]);
    } catch {
      return '';
    }
  }

  stop(): void {
    this.cli('shutdown', 'nosave');
  }
}

/** A Kafka broker of its own (infra/kafka/start with its own data folder and port). */
export class PrivateKafka {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly port: number,
    controllerPort: number,
  ) {
    this.env = {
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_DATA_DIR: path.join(RUN, `kafka-${port}`),
      KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
    };
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  start(): void {
    sh(path.join(ROOT, 'infra/kafka/start'), [], this.env);
  }

  stop(): void {
    sh(path.join(ROOT, 'infra/kafka/stop'), [], this.env);
  }

  destroy(): void {
    this.stop();
    rmSync(this.env.KAFKA_DATA_DIR as string, { recursive: true, force: true });
  }
}

export type ServiceName =
  | 'content-service'
  | 'share-tracking-service'
  | 'scoring-service'
  | 'leaderboard-service'
  | 'coaching-service';

/**
 * A service as its own operating-system process, started from the build in dist/ exactly as
 * `npm start` does, so the test can `kill -9` it in the middle of its work.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  url: string;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const main = path.join(ROOT, 'dist/apps', this.name, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    mkdirSync(RUN, { recursive: true });
    const log = createWriteStream(path.join(RUN, `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [main], {
      env: { ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}`);
        const response = await fetch(`${this.url}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, message: `${this.name} ready` },
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed, the consumer never leaves its group. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
