/**
 * kafkajs 2.2.4 (its last release) re-arms a 1 ms timer per broker connection forever once the
 * connection has sent a request: `scheduleCheckPendingRequests` computes `throttledUntil - now`,
 * which is negative when nothing is throttled, and schedules a check with it even when no request is
 * waiting (tulios/kafkajs#1556, fixes #1667/#1768 never released). Measured here: ~1,500 event-loop
 * wake-ups a second and ~0.03 cores per idle service, on every connection of the producer, the
 * consumer and the admin client.
 *
 * This replaces the method with the fixed one: a check is scheduled only when a request waits (at
 * the end of a throttle, or after the usual 10 ms) or a throttle is running; a request that arrives
 * later is sent at once or schedules its own check (`push` calls this method), and every answer
 * checks the queue again (`fulfillRequest`). `createKafka` applies it before any client exists.
 */

const CHECK_PENDING_REQUESTS_INTERVAL = 10;

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

type RequestQueueClass = { prototype: RequestQueueInternals };

function fixedSchedule(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) {
    scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  } else if (scheduleAt <= 0) {
    return;
  }
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
}

let applied = false;

/** True when the fix is in place (false: this kafkajs has no such method; nothing was changed). */
export function applyKafkajsIdleFix(): boolean {
  if (applied) return true;
  // An internal module of kafkajs: there is no public hook for this.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  const proto = RequestQueue.prototype;
  if (typeof proto.scheduleCheckPendingRequests !== 'function') return false;
  proto.scheduleCheckPendingRequests = fixedSchedule;
  applied = true;
  return true;
}
