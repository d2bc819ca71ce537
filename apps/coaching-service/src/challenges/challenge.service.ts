import { Injectable } from '@nestjs/common';
import { AnyEnvelope, ChallengeView, CreateChallengeBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, IdGenerator, notFound } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ChallengeRecord, ChallengeRepository } from './challenge.repository';
import { Activity, completes, contribution } from './challenge.rules';

/** Shares, unique human clicks and points as challenge activity; other events add nothing. */
export function activityOf(
  envelope: AnyEnvelope,
  who: (employeeId: string) => { teamId: string | null; role: string | null },
): Activity[] {
  switch (envelope.type) {
    case 'share.recorded': {
      const { employeeId, campaignId } = envelope.payload;
      return [
        {
          employeeId,
          metric: 'shares',
          amount: 1,
          occurredAt: new Date(envelope.occurredAt),
          campaignId: campaignId ?? null,
          ...who(employeeId),
        },
      ];
    }
    case 'link.clicked': {
      const { employeeId, unique, human, campaignId } = envelope.payload;
      if (!unique || !human) return [];
      return [
        {
          employeeId,
          metric: 'unique-clicks',
          amount: 1,
          occurredAt: new Date(envelope.occurredAt),
          campaignId: campaignId ?? null,
          ...who(employeeId),
        },
      ];
    }
    case 'points.awarded': {
      const { employeeId, campaignId, points, occurredAt } = envelope.payload;
      return [
        {
          employeeId,
          metric: 'points',
          amount: points,
          occurredAt: new Date(occurredAt),
          campaignId: campaignId ?? null,
          ...who(employeeId),
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * Challenges: an admin sets a time-boxed goal for everyone, a team or a role; every share, unique
 * click or points entry inside its dates counts towards it, in the same transaction as the inbox
 * claim of the event, so a redelivery never counts twice. Reaching the goal emits
 * `challenge.completed` once; the leaderboard awards the completion badge from it.
 */
@Injectable()
export class ChallengeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: ChallengeRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async create(auth: AuthContext, body: CreateChallengeBody): Promise<ChallengeView> {
    const id = this.ids.next();
    return this.dataSource.transaction(async (manager) => {
      await this.challenges.insert(manager, {
        ...body,
        id,
        tenantId: auth.tenantId,
        createdBy: auth.employeeId,
        at: this.clock.now(),
      });
      return this.get(auth, id, manager);
    });
  }

  async list(auth: AuthContext): Promise<ChallengeView[]> {
    const records = await this.challenges.list(this.dataSource.manager, auth.tenantId, auth.employeeId);
    return records.map(toView);
  }

  async get(auth: AuthContext, id: string, manager = this.dataSource.manager): Promise<ChallengeView> {
    const record = await this.challenges.find(manager, auth.tenantId, id, auth.employeeId);
    if (!record) throw notFound('challenge');
    return toView(record);
  }

  async standings(auth: AuthContext, id: string) {
    const manager = this.dataSource.manager;
    if (!(await this.challenges.find(manager, auth.tenantId, id, auth.employeeId)))
      throw notFound('challenge');
    const rows = await this.challenges.standings(manager, id, auth.tenantId);
    return {
      challengeId: id,
      standings: rows.map((row, index) => ({
        rank: index + 1,
        employeeId: row.employeeId,
        displayName: row.displayName,
        progress: row.progress,
        completedAt: row.completedAt ? row.completedAt.toISOString() : null,
      })),
    };
  }

  /** Counts one tenant's activity of a batch towards its running challenges. */
  async count(manager: EntityManager, tenantId: string, activity: readonly Activity[]): Promise<number> {
    if (activity.length === 0) return 0;
    const times = activity.map((item) => item.occurredAt.getTime());
    const running = await this.challenges.overlapping(
      manager,
      tenantId,
      new Date(Math.min(...times)),
      new Date(Math.max(...times)),
    );
    let completed = 0;
    for (const challenge of running) {
      for (const item of activity) {
        const amount = contribution(challenge, item);
        if (amount === 0) continue;
        const now = this.clock.now();
        const step = await this.challenges.add(
          manager,
          challenge.id,
          item.employeeId,
          amount,
          now,
          item.occurredAt,
        );
        // Completion is kept once earned, even if a later reversal takes points away again.
        if (step.completedAt !== null || !completes(step.before, step.after, challenge.target)) continue;
        await this.challenges.markCompleted(manager, challenge.id, item.employeeId, now);
        await this.outbox.add(manager, this.completedEvent(tenantId, challenge, item.employeeId, step.after));
        completed += 1;
      }
    }
    return completed;
  }

  private completedEvent(tenantId: string, challenge: ChallengeRecord, employeeId: string, progress: number) {
    return {
      type: 'challenge.completed' as const,
      tenantId,
      subject: employeeId,
      occurredAt: this.clock.now(),
      payload: {
        challengeId: challenge.id,
        employeeId,
        title: challenge.title,
        metric: challenge.metric,
        target: challenge.target,
        progress,
        prize: challenge.prize,
      },
    };
  }
}

const toView = (record: ChallengeRecord): ChallengeView => ({
  id: record.id,
  title: record.title,
  goal: { metric: record.metric, target: record.target },
  startsAt: record.startsAt.toISOString(),
  endsAt: record.endsAt.toISOString(),
  audience: record.audience,
  campaignId: record.campaignId,
  prize: record.prize,
  completed: record.completed,
  winnerCount: record.winnerCount,
  closedAt: record.closedAt ? record.closedAt.toISOString() : null,
  me: {
    progress: record.me.progress,
    completedAt: record.me.completedAt ? record.me.completedAt.toISOString() : null,
  },
});
