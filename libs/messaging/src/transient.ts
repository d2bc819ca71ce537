/**
 * Whether a handler failure says "the infrastructure is away for a moment" rather than "this message
 * cannot be applied". The difference decides between waiting and the dead-letter queue: a Postgres
 * restart or a dropped Redis connection must hold the partition until the component is back, never
 * send perfectly good events to `<topic>.dlq`, where nobody would count them.
 */

/** Socket-level failures of any client (pg, ioredis, fetch). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that clear on their own: connection exceptions (class 08), insufficient
 * resources (53), operator intervention — shutdown, crash recovery, "cannot connect now" (57P01-03) —,
 * and the transaction rollbacks a retry resolves: serialization failure and deadlock (40001, 40P01).
 */
const TRANSIENT_SQLSTATE = /^(08...|53...|57P0[1-3]|40001|40P01)$/;

/** Messages of client errors that carry no code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /reached the max retries per request limit/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /connect ECONNREFUSED/i,
];

export function isTransientError(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown[];
  };
  if (typeof candidate.code === 'string') {
    if (NETWORK_CODES.has(candidate.code) || TRANSIENT_SQLSTATE.test(candidate.code)) return true;
  }
  if (
    typeof candidate.message === 'string' &&
    TRANSIENT_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
  )
    return true;
  // TypeORM wraps the driver's error; AggregateError and `cause` chains wrap others.
  const nested = [
    candidate.driverError,
    candidate.cause,
    ...(Array.isArray(candidate.errors) ? candidate.errors : []),
  ];
  return nested.some((inner) => isTransientError(inner, depth + 1));
}
