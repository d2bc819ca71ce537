import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DateTime } from 'luxon';
import { DEFAULT_CALENDAR } from '@advocacy/platform';
// The service's own store and key layout: the bulk fill writes exactly what consuming the same
// `points.awarded` events would (boards, member index, registry, idempotency marks), only without
// Kafka in between, so a 1,000,000-member board fills within the bench's budget.
import { affectedBoards } from '../../apps/leaderboard-service/src/boards/board-keys';
import { BoardStore, PointsChange } from '../../apps/leaderboard-service/src/boards/board.store';
import { LeaderboardEnv } from '../../apps/leaderboard-service/src/config';
import { BenchContext } from '../lib/context';

/** Events per script call, as the consumer's POINTS_CHUNK; a few calls in flight keep Redis busy. */
const CHUNK = 500;
const IN_FLIGHT = 4;

export interface BulkMember {
  employeeId: string;
  points: number;
}

/**
 * Applies one `points.awarded` per member through BoardStore.applyPointsBatch with the arguments
 * the leaderboard's BoardService passes (same seen-day sets and TTL, from the service's config
 * defaults) and records the tenant the way the consumer does. Live messages are not published:
 * nobody watches the fill.
 */
export async function bulkFillBoard(
  context: BenchContext,
  tenantId: string,
  members: number,
  member: (index: number) => BulkMember,
): Promise<number> {
  // Only the board settings matter here; the secret satisfies the schema and signs nothing.
  const config = LeaderboardEnv.parse({ AUTH_JWT_SECRET: 'bench-board-fill-signs-no-tokens-0123' });
  const redis = new Redis(`redis://127.0.0.1:6379/${context.env.redisDb}`, { enableAutoPipelining: true });
  const pg = new Client({ connectionString: context.env.databaseUrl });
  const started = Date.now();
  try {
    await pg.connect();
    await pg.query(
      `INSERT INTO leaderboard.tenants (tenant_id, first_seen_at) VALUES ($1, now()) ON CONFLICT DO NOTHING`,
      [tenantId],
    );
    const store = new BoardStore(redis);
    const today = DateTime.utc().startOf('day');
    const seenDays = Array.from({ length: config.LEADERBOARD_DEDUPE_DAYS }, (_, back) =>
      today.minus({ days: back }).toFormat('yyyy-LL-dd'),
    );
    const seenTtl = (config.LEADERBOARD_DEDUPE_DAYS + 1) * 86_400;
    const occurredAt = new Date().toISOString();
    const boards = affectedBoards(
      { employeeId: '', teamId: null, campaignId: null },
      new Date(occurredAt),
      DEFAULT_CALENDAR,
      config.LEADERBOARD_RETENTION_MONTHS,
    );
    let next = 0;
    let lastLog = Date.now();
    const worker = async () => {
      while (next < members) {
        const from = next;
        next = Math.min(members, next + CHUNK);
        const changes: PointsChange[] = [];
        for (let index = from; index < next; index += 1) {
          const { employeeId, points } = member(index);
          changes.push({
            envelopeId: randomUUID(),
            entryId: randomUUID(),
            employeeId,
            teamId: null,
            points,
            occurredAt,
            boards,
          });
        }
        const results = await store.applyPointsBatch(tenantId, changes, seenDays, seenTtl);
        if (results.some((result) => result !== 'applied')) throw new Error('bulk fill met a duplicate');
        if (Date.now() - lastLog > 10_000) {
          context.log(`bulk fill: ${next} of ${members} members`);
          lastLog = Date.now();
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    redis.disconnect();
    await pg.end().catch(() => undefined);
  }
  return Date.now() - started;
}
