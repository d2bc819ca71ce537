import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource } from 'typeorm';
import { BadgeService, Won } from './badge.service';

const CONSUMER = 'leaderboard.challenges';

const METRIC_WORDS = { shares: 'shares', 'unique-clicks': 'unique clicks', points: 'points' } as const;

/**
 * Completion badges: the coaching service decides that a challenge is completed; the badge (one per
 * challenge, `challenge-<id>`) is awarded here, where every badge lives, once.
 */
@Injectable()
export class ChallengeBadges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly badges: BadgeService,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const relevant = envelopes.filter((envelope) => envelope.type === 'challenge.completed');
    if (relevant.length === 0) return;
    const won: Won[] = [];
    await this.dataSource.transaction(async (manager) => {
      for (const envelope of await this.inbox.claim(manager, CONSUMER, relevant)) {
        if (envelope.type !== 'challenge.completed') continue;
        const { challengeId, employeeId, title, metric, target, prize } = envelope.payload;
        const award = {
          badgeId: `challenge-${challengeId}`,
          level: null,
          name: `Challenge: ${title}`.slice(0, 120),
          reason: `reached ${target} ${METRIC_WORDS[metric]}${prize ? ` (prize: ${prize})` : ''}`.slice(
            0,
            500,
          ),
          period: '',
        };
        if (await this.badges.grant(manager, envelope.tenantId, employeeId, award)) {
          won.push({ tenantId: envelope.tenantId, employeeId, award });
        }
      }
    });
    await this.badges.announce(won);
  }
}
