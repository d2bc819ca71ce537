import { Injectable } from '@nestjs/common';
import { ChallengeWinners } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, notFound } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ChallengeCloseRepository, ChallengeRecord, ChallengeRepository } from './challenge.repository';
import { closeStep, Winner, winnersOf } from './challenge.rules';

const BATCH = 100;

/**
 * Closes challenges (and so campaign goals) at their end, exactly once: the winners, the close row
 * and `challenge.closed` are one transaction, and the close row's primary key lets only one of two
 * replicas that race for the same challenge commit — the other's insert waits, then does nothing,
 * and its transaction emits nothing (as the leaderboard's period close claims its periods). Run by
 * the coaching job timer; every run looks at all ended challenges, so a close missed during downtime
 * happens on the next run. Activity delivered after the close still counts towards progress, but
 * the winners stay as they were fixed.
 */
@Injectable()
export class ChallengeCloseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: ChallengeRepository,
    private readonly closes: ChallengeCloseRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Closes every challenge whose end has passed; answers the ids this call closed. */
  async closeDue(): Promise<string[]> {
    const now = this.clock.now();
    const closed: string[] = [];
    for (const due of await this.closes.due(this.dataSource.manager, now, BATCH)) {
      if (await this.close(due.tenantId, due.id, now)) closed.push(due.id);
    }
    return closed;
  }

  async winners(auth: AuthContext, id: string): Promise<ChallengeWinners> {
    const manager = this.dataSource.manager;
    const challenge = await this.challenges.find(manager, auth.tenantId, id, auth.employeeId);
    if (!challenge) throw notFound('challenge');
    const close = await this.closes.find(manager, auth.tenantId, id);
    return {
      challengeId: id,
      campaignId: challenge.campaignId,
      prize: challenge.prize,
      closedAt: close ? close.closedAt.toISOString() : null,
      winners: (close?.winners ?? []).map((winner) => ({
        ...winner,
        reachedAt: winner.reachedAt.toISOString(),
      })),
    };
  }

  private close(tenantId: string, id: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const challenge = await this.challenges.find(manager, tenantId, id, '');
      if (!challenge || closeStep(challenge.endsAt, now, challenge.closedAt) !== 'close') return false;
      const contenders = await this.closes.contenders(manager, id, challenge.target);
      const winners = winnersOf(contenders, challenge.target, challenge.winnerCount);
      if (!(await this.closes.claim(manager, { challengeId: id, tenantId, closedAt: now, winners })))
        return false;
      await this.outbox.add(manager, closedEvent(tenantId, challenge, winners, now));
      return true;
    });
  }
}

function closedEvent(tenantId: string, challenge: ChallengeRecord, winners: readonly Winner[], now: Date) {
  return {
    type: 'challenge.closed' as const,
    tenantId,
    subject: challenge.id,
    occurredAt: now,
    payload: {
      challengeId: challenge.id,
      title: challenge.title,
      campaignId: challenge.campaignId,
      metric: challenge.metric,
      target: challenge.target,
      prize: challenge.prize,
      startsAt: challenge.startsAt.toISOString(),
      endsAt: challenge.endsAt.toISOString(),
      winners: winners.map((winner) => ({
        rank: winner.rank,
        employeeId: winner.employeeId,
        progress: winner.progress,
        reachedAt: winner.reachedAt.toISOString(),
      })),
    },
  };
}
