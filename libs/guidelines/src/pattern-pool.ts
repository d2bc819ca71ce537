/**
 * Confidential patterns run off the event loop. RE2 makes a pattern linear in the text, but the
 * constant is large: one search of `\w{1,100}\s\w{1,100}!` over a 70 KB text takes seconds in
 * re2js, and a guideline may hold 200 patterns. In the service's own thread that would stall every
 * other request of the replica (the public redirect included) for as long; here it stalls one worker,
 * which is terminated when the check's budget runs out.
 *
 * Why not piscina: its workers load a file by path, and the services run in-process from their
 * TypeScript sources under jest; this pool compiles its one worker file with swc there (the
 * compiler jest itself uses). What it needs beyond node's Worker is a queue, a deadline and a
 * replacement for a terminated worker.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GuidelineRules } from '@advocacy/contracts';
import type { Span } from './normalize';
import { budgetExceeded, GuidelineCheckError } from './patterns';

type ConfidentialPattern = GuidelineRules['confidentialPatterns'][number];

export interface PatternTask {
  id: number;
  patterns: Array<Pick<ConfidentialPattern, 'pattern' | 'flags'>>;
  text: string;
  /** Matches to find per pattern at most. */
  limit: number;
}

/** Per pattern: its matches, or why RE2 cannot run it. */
export type PatternOutcome = { matches: Array<Span & { match: string }> } | { unsupported: string };

export interface PatternTaskAnswer {
  id: number;
  outcomes: PatternOutcome[];
}

export interface PatternPoolOptions {
  /** Worker threads; each runs one check at a time. */
  workers?: number;
  /** Checks that may wait for a worker; beyond it a check is refused at once (check_busy). */
  maxQueued?: number;
}

interface Pending {
  task: PatternTask;
  resolve: (outcomes: PatternOutcome[]) => void;
  reject: (error: Error) => void;
  budgetMs: number;
  timer?: NodeJS.Timeout;
}

const WORKER_FILE = join(__dirname, `pattern.worker${extname(__filename)}`);

// Under jest the sources are TypeScript: the worker compiles them with swc as it requires them.
const TS_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(require('node:worker_threads').workerData.file);
`;

function spawn(): Worker {
  const worker = WORKER_FILE.endsWith('.ts')
    ? new Worker(TS_BOOTSTRAP, { eval: true, workerData: { file: WORKER_FILE } })
    : new Worker(WORKER_FILE);
  return worker;
}

export class PatternPool {
  private readonly size: number;
  private readonly maxQueued: number;
  private readonly idle: Worker[] = [];
  /** Spawned, not yet loaded. */
  private readonly starting = new Set<Worker>();
  private readonly running = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PatternPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? 1);
    this.maxQueued = Math.max(0, options.maxQueued ?? 64);
  }

  /**
   * Every pattern's matches in `text`, within `budgetMs` of a worker taking the check (a wait in the
   * queue is bounded by the checks ahead, each by its own budget; a worker's start-up is not counted).
   * Rejects with GuidelineCheckError `check_budget_exceeded` when the budget runs out (the worker
   * is terminated and replaced) and `check_busy` when too many checks already wait.
   */
  run(
    patterns: PatternTask['patterns'],
    text: string,
    limit: number,
    budgetMs: number,
  ): Promise<PatternOutcome[]> {
    if (this.closed) return Promise.reject(new Error('the pattern pool is closed'));
    // the checks a starting worker will take are not waiting for a free one
    const waiting = this.queue.length - this.starting.size;
    if (waiting >= this.maxQueued && this.idle.length === 0) {
      return Promise.reject(
        new GuidelineCheckError('check_busy', 'too many guideline checks are running; try again shortly'),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.nextId++, patterns, text, limit }, resolve, reject, budgetMs });
      this.dispatch();
    });
  }

  /** Starts the workers now, so the first check does not wait for one to load. */
  warm(): this {
    for (let i = this.idle.length + this.starting.size + this.running.size; i < this.size; i += 1)
      this.start();
    return this;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of [...this.queue, ...this.running.values()]) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the pattern pool is closed'));
    }
    this.queue.length = 0;
    const workers = [...this.idle, ...this.starting, ...this.running.keys()];
    this.idle.length = 0;
    this.starting.clear();
    this.running.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Nest calls this on shutdown when the pool is a provider. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const pending = this.queue.shift() as Pending;
      const worker = this.idle.pop() as Worker;
      pending.timer = setTimeout(() => this.expire(worker, pending), pending.budgetMs);
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.task);
    }
    const workers = this.idle.length + this.starting.size + this.running.size;
    const wanted = Math.min(this.size - workers, this.queue.length - this.starting.size);
    for (let i = 0; i < wanted; i += 1) this.start();
  }

  private start(): void {
    const worker = spawn();
    this.starting.add(worker);
    worker.on('message', (answer: PatternTaskAnswer | { ready: true }) => {
      if ('ready' in answer) {
        this.starting.delete(worker);
        if (this.closed) return;
        // an idle pool never keeps a process alive
        worker.unref();
        this.idle.push(worker);
        this.dispatch();
        return;
      }
      const pending = this.running.get(worker);
      if (!pending || pending.task.id !== answer.id) return;
      this.running.delete(worker);
      clearTimeout(pending.timer);
      worker.unref();
      if (!this.closed) this.idle.push(worker);
      pending.resolve(answer.outcomes);
      this.dispatch();
    });
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`pattern worker exited with ${code}`)));
  }

  /** A worker that died or was terminated: its check fails, its place is free for a new one. */
  private lose(worker: Worker, error: Error): void {
    const index = this.idle.indexOf(worker);
    if (index !== -1) this.idle.splice(index, 1);
    if (this.starting.delete(worker)) {
      // a worker that cannot even load fails the checks waiting for it instead of respawning forever
      for (const waiting of this.queue.splice(0)) waiting.reject(error);
      return;
    }
    const pending = this.running.get(worker);
    if (!pending) return;
    this.running.delete(worker);
    clearTimeout(pending.timer);
    pending.reject(error);
    this.dispatch();
  }

  private expire(worker: Worker, pending: Pending): void {
    if (this.running.get(worker) !== pending) return;
    this.running.delete(worker);
    void worker.terminate();
    pending.reject(budgetExceeded());
    this.dispatch();
  }
}
