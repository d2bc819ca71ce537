/**
 * The worker thread of PatternPool: runs the confidential patterns of one check on RE2 and answers
 * their matches. It needs nothing but re2js (patterns.ts has no other runtime import), so it loads
 * the same from dist/ as from the TypeScript sources.
 */
import { parentPort } from 'node:worker_threads';
import { compilePattern, findPattern, regexErrorReason } from './patterns';
import type { PatternOutcome, PatternTask, PatternTaskAnswer } from './pattern-pool';

function run(task: PatternTask): PatternOutcome[] {
  return task.patterns.map((pattern): PatternOutcome => {
    let engine;
    try {
      engine = compilePattern(pattern);
    } catch (error) {
      return { unsupported: regexErrorReason(error) };
    }
    return { matches: findPattern(engine, task.text, () => false, task.limit) };
  });
}

parentPort?.on('message', (task: PatternTask) => {
  const answer: PatternTaskAnswer = { id: task.id, outcomes: run(task) };
  parentPort?.postMessage(answer);
});
// loaded (and under jest compiled): the pool starts the first check's clock only now
parentPort?.postMessage({ ready: true });
