import { Injectable } from '@nestjs/common';
import { ChallengeAudience, ChallengeMetric, CreateChallengeBody } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ChallengeRule, Contender, Winner } from './challenge.rules';

interface ChallengeRow {
  id: string;
  title: string;
  metric: ChallengeMetric;
  target: number;
  starts_at: Date;
  ends_at: Date;
  audience: ChallengeAudience;
  campaign_id: string | null;
  prize: string | null;
  winner_count: number;
  closed_at: Date | null;
  completed: number;
  my_progress: number | null;
  my_completed_at: Date | null;
}

export interface ChallengeRecord extends ChallengeRule {
  title: string;
  prize: string | null;
  winnerCount: number;
  closedAt: Date | null;
  completed: number;
  me: { progress: number; completedAt: Date | null };
}

const toRecord = (row: ChallengeRow): ChallengeRecord => ({
  id: row.id,
  title: row.title,
  metric: row.metric,
  target: row.target,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  audience: row.audience,
  campaignId: row.campaign_id,
  prize: row.prize,
  winnerCount: row.winner_count,
  closedAt: row.closed_at,
  completed: row.completed,
  me: { progress: row.my_progress ?? 0, completedAt: row.my_completed_at },
});

export interface Standing {
  employeeId: string;
  displayName: string | null;
  progress: number;
  completedAt: Date | null;
}

export const toStanding = rowMapper(
  'coaching.challenge_progress joined with coaching.advocates',
  z.object({
    employee_id: z.string(),
    display_name: z.string().nullable(),
    progress: z.number(),
    completed_at: z.date().nullable(),
  }),
  (row): Standing => ({
    employeeId: row.employee_id,
    displayName: row.display_name,
    progress: row.progress,
    completedAt: row.completed_at,
  }),
);

const SELECT = `
  SELECT c.*, (SELECT count(*)::int FROM coaching.challenge_progress p
                WHERE p.challenge_id = c.id AND p.completed_at IS NOT NULL) AS completed,
         mine.progress AS my_progress, mine.completed_at AS my_completed_at, closes.closed_at
    FROM coaching.challenges c
    LEFT JOIN coaching.challenge_closes closes ON closes.challenge_id = c.id
    LEFT JOIN coaching.challenge_progress mine ON mine.challenge_id = c.id AND mine.employee_id = $2`;

@Injectable()
export class ChallengeRepository {
  async insert(
    manager: EntityManager,
    challenge: { id: string; tenantId: string; createdBy: string; at: Date } & CreateChallengeBody,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.challenges (id, tenant_id, title, metric, target, starts_at, ends_at, audience,
         campaign_id, prize, created_by, created_at, winner_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        challenge.id,
        challenge.tenantId,
        challenge.title,
        challenge.goal.metric,
        challenge.goal.target,
        challenge.startsAt,
        challenge.endsAt,
        JSON.stringify(challenge.audience),
        challenge.campaignId ?? null,
        challenge.prize ?? null,
        challenge.createdBy,
        challenge.at,
        challenge.winnerCount,
      ],
    );
  }

  async list(manager: EntityManager, tenantId: string, viewerId: string): Promise<ChallengeRecord[]> {
    const rows = await manager.query<ChallengeRow[]>(
      `${SELECT} WHERE c.tenant_id = $1 ORDER BY c.ends_at DESC, c.id LIMIT 500`,
      [tenantId, viewerId],
    );
    return rows.map(toRecord);
  }

  async find(manager: EntityManager, tenantId: string, id: string, viewerId: string) {
    const [row] = await manager.query<ChallengeRow[]>(`${SELECT} WHERE c.tenant_id = $1 AND c.id = $3`, [
      tenantId,
      viewerId,
      id,
    ]);
    return row ? toRecord(row) : null;
  }

  /** Challenges of a tenant whose dates overlap [from, to]: the ones a batch can count towards. */
  async overlapping(manager: EntityManager, tenantId: string, from: Date, to: Date) {
    const rows = await manager.query<ChallengeRow[]>(
      `${SELECT} WHERE c.tenant_id = $1 AND c.starts_at <= $4 AND c.ends_at > $3 ORDER BY c.id`,
      [tenantId, '', from, to],
    );
    return rows.map(toRecord);
  }

  /**
   * Adds to one advocate's progress; answers before and after so the caller sees a completion.
   * `reached_at` is the latest event time applied (as on the boards), the tie-break at close.
   */
  async add(
    manager: EntityManager,
    challengeId: string,
    employeeId: string,
    amount: number,
    at: Date,
    occurredAt: Date,
  ): Promise<{ before: number; after: number; completedAt: Date | null }> {
    const [row] = await manager.query<{ after: number; completed_at: Date | null }[]>(
      `INSERT INTO coaching.challenge_progress (challenge_id, employee_id, progress, updated_at, reached_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (challenge_id, employee_id) DO UPDATE
         SET progress = coaching.challenge_progress.progress + $3, updated_at = $4,
             reached_at = GREATEST(coaching.challenge_progress.reached_at, $5)
       RETURNING progress AS after, completed_at`,
      [challengeId, employeeId, amount, at, occurredAt],
    );
    return { before: row.after - amount, after: row.after, completedAt: row.completed_at };
  }

  async markCompleted(manager: EntityManager, challengeId: string, employeeId: string, at: Date) {
    await manager.query(
      `UPDATE coaching.challenge_progress SET completed_at = $3
        WHERE challenge_id = $1 AND employee_id = $2 AND completed_at IS NULL`,
      [challengeId, employeeId, at],
    );
  }

  async standings(manager: EntityManager, challengeId: string, tenantId: string): Promise<Standing[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT p.employee_id, adv.display_name, p.progress, p.completed_at
         FROM coaching.challenge_progress p
         LEFT JOIN coaching.advocates adv ON adv.tenant_id = $2 AND adv.employee_id = p.employee_id
        WHERE p.challenge_id = $1
        ORDER BY p.progress DESC, p.completed_at ASC NULLS LAST, p.updated_at ASC, p.employee_id
        LIMIT 1000`,
      [challengeId, tenantId],
    );
    return rows.map(toStanding);
  }
}

export const toContender = rowMapper(
  'coaching.challenge_progress',
  z.object({ employee_id: z.string(), progress: z.number(), reached_at: z.date() }),
  (row): Contender => ({ employeeId: row.employee_id, progress: row.progress, reachedAt: row.reached_at }),
);

const StoredWinners = z.array(
  z.object({ rank: z.number(), employeeId: z.string(), progress: z.number(), reachedAt: z.string() }),
);

export interface ClosedWinner {
  rank: number;
  employeeId: string;
  displayName: string | null;
  progress: number;
  reachedAt: Date;
}

export const toClose = rowMapper(
  'coaching.challenge_closes',
  z.object({ closed_at: z.date(), winners: StoredWinners }),
  (row) => ({
    closedAt: row.closed_at,
    winners: row.winners.map((winner) => ({ ...winner, reachedAt: new Date(winner.reachedAt) })),
  }),
);

export const toDueChallenge = rowMapper(
  'coaching.challenges (due to close)',
  z.object({ id: z.string(), tenant_id: z.string() }),
  (row) => ({ id: row.id, tenantId: row.tenant_id }),
);

/** Closing: which challenges are due, who stands where, the once-only close row and its winners. */
@Injectable()
export class ChallengeCloseRepository {
  /** Ended challenges of every tenant without a close row, oldest end first. */
  async due(manager: EntityManager, now: Date, limit: number) {
    const rows = await manager.query<unknown[]>(
      `SELECT c.id, c.tenant_id FROM coaching.challenges c
        WHERE c.ends_at <= $1
          AND NOT EXISTS (SELECT 1 FROM coaching.challenge_closes x WHERE x.challenge_id = c.id)
        ORDER BY c.ends_at, c.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toDueChallenge);
  }

  /** Everyone at or above the target (rows from before `reached_at` existed fall back to their last update). */
  async contenders(manager: EntityManager, challengeId: string, target: number): Promise<Contender[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT employee_id, progress, COALESCE(reached_at, updated_at) AS reached_at
         FROM coaching.challenge_progress WHERE challenge_id = $1 AND progress >= $2`,
      [challengeId, target],
    );
    return rows.map(toContender);
  }

  /**
   * Inserts the close row; false when another transaction already holds it. A concurrent insert
   * waits on the primary key until the first commits and then does nothing, so one close wins.
   */
  async claim(
    manager: EntityManager,
    close: { challengeId: string; tenantId: string; closedAt: Date; winners: readonly Winner[] },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO coaching.challenge_closes (challenge_id, tenant_id, closed_at, winners)
       VALUES ($1, $2, $3, $4) ON CONFLICT (challenge_id) DO NOTHING RETURNING challenge_id`,
      [
        close.challengeId,
        close.tenantId,
        close.closedAt,
        JSON.stringify(
          close.winners.map((winner) => ({
            rank: winner.rank,
            employeeId: winner.employeeId,
            progress: winner.progress,
            reachedAt: winner.reachedAt.toISOString(),
          })),
        ),
      ],
    );
    return rows.length === 1;
  }

  async find(
    manager: EntityManager,
    tenantId: string,
    challengeId: string,
  ): Promise<{ closedAt: Date; winners: ClosedWinner[] } | null> {
    const [row] = await manager.query<unknown[]>(
      `SELECT closed_at, winners FROM coaching.challenge_closes WHERE tenant_id = $1 AND challenge_id = $2`,
      [tenantId, challengeId],
    );
    if (!row) return null;
    const close = toClose(row);
    const names = await manager.query<{ employee_id: string; display_name: string | null }[]>(
      `SELECT employee_id, display_name FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = ANY($2)`,
      [tenantId, close.winners.map((winner) => winner.employeeId)],
    );
    const nameOf = new Map(names.map((name) => [name.employee_id, name.display_name]));
    return {
      closedAt: close.closedAt,
      winners: close.winners.map((winner) => ({
        ...winner,
        displayName: nameOf.get(winner.employeeId) ?? null,
      })),
    };
  }
}
