import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource } from 'typeorm';
import { Award, Level } from './badge.rules';
import { BadgeService, Won } from './badge.service';

const CONSUMER = 'leaderboard.challenges';

const METRIC_WORDS = { shares: 'shares', 'unique-clicks': 'unique clicks', points: 'points' } as const;

/**
 * Completion badges: the coaching service decides that a challenge is completed; the badge (one per
 * challenge, `challenge-<id>`) is awarded here, where every badge lives, once; so are the winners'
 * badges when a challenge closes.
 */
@Injectable()
export class ChallengeBadges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly badges: BadgeService,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const relevant = envelopes.filter(
      (envelope) => envelope.type === 'challenge.completed' || envelope.type === 'challenge.closed',
    );
    if (relevant.length === 0) return;
    const won: Won[] = [];
    await this.dataSource.transaction(async (manager) => {
      for (const envelope of await this.inbox.claim(manager, CONSUMER, relevant)) {
        for (const { employeeId, award } of awardsOf(envelope)) {
          if (await this.badges.grant(manager, envelope.tenantId, employeeId, award)) {
            won.push({ tenantId: envelope.tenantId, employeeId, award });
          }
        }
      }
    });
    await this.badges.announce(won);
  }
}

const RANK_LEVELS: Level[] = ['gold', 'silver', 'bronze'];

const prizeText = (prize: string | null) => (prize ? ` (prize: ${prize})` : '');

/**
 * The completion badge `challenge-<id>` for reaching the goal, and for each winner of a closed
 * challenge `challenge-<id>-winner` (gold, silver, bronze for the first three; the rank is in the reason).
 */
export function awardsOf(envelope: AnyEnvelope): { employeeId: string; award: Award }[] {
  switch (envelope.type) {
    case 'challenge.completed': {
      const { challengeId, employeeId, title, metric, target, prize } = envelope.payload;
      return [
        {
          employeeId,
          award: {
            badgeId: `challenge-${challengeId}`,
            level: null,
            name: `Challenge: ${title}`.slice(0, 120),
            reason: `reached ${target} ${METRIC_WORDS[metric]}${prizeText(prize)}`.slice(0, 500),
            period: '',
          },
        },
      ];
    }
    case 'challenge.closed': {
      const { challengeId, title, metric, prize, winners } = envelope.payload;
      return winners.map((winner) => ({
        employeeId: winner.employeeId,
        award: {
          badgeId: `challenge-${challengeId}-winner`,
          level: RANK_LEVELS[winner.rank - 1] ?? null,
          name: `Winner: ${title}`.slice(0, 120),
          reason: `#${winner.rank} with ${winner.progress} ${METRIC_WORDS[metric]}${prizeText(prize)}`.slice(
            0,
            500,
          ),
          period: '',
        },
      }));
    }
    default:
      return [];
  }
}
