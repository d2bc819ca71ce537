import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { AnyNewEvent, Inbox, OutboxWriter } from '@advocacy/messaging';
import { IdGenerator } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { LedgerEntry, LedgerRepository } from './ledger.repository';

const CONSUMER = 'scoring.points';
const SHARE_POINTS = 10;

/**
 * Turns source events into ledger entries. One transaction per batch: the inbox claim, the ledger
 * rows and their `points.awarded` events commit together, so a redelivered batch adds nothing.
 */
@Injectable()
export class PointsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly ledger: LedgerRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, CONSUMER, envelopes);
      const entries = fresh.flatMap((envelope) => this.entriesFor(envelope));
      const appended = await this.ledger.append(manager, entries);
      await this.outbox.addMany(
        manager,
        appended.map((entry) => this.awarded(entry)),
      );
    });
  }

  private entriesFor(envelope: AnyEnvelope): LedgerEntry[] {
    switch (envelope.type) {
      case 'share.recorded':
        return [
          {
            entryId: this.ids.next(),
            tenantId: envelope.tenantId,
            employeeId: envelope.payload.employeeId,
            teamId: envelope.payload.teamId,
            campaignId: envelope.payload.campaignId ?? null,
            points: SHARE_POINTS,
            reason: 'share',
            explanation: `Shared on ${envelope.payload.network}: ${SHARE_POINTS}`,
            rule: 'share',
            ruleVersion: 0,
            sourceEventId: envelope.id,
            reverses: null,
            occurredAt: envelope.occurredAt,
          },
        ];
      default:
        return [];
    }
  }

  private awarded(entry: LedgerEntry): AnyNewEvent {
    return {
      type: 'points.awarded',
      tenantId: entry.tenantId,
      subject: entry.employeeId,
      occurredAt: entry.occurredAt,
      payload: {
        entryId: entry.entryId,
        employeeId: entry.employeeId,
        teamId: entry.teamId,
        campaignId: entry.campaignId,
        points: entry.points,
        reason: entry.reason,
        explanation: entry.explanation,
        sourceEventId: entry.sourceEventId,
        ruleVersion: entry.ruleVersion,
        reverses: entry.reverses,
        occurredAt: entry.occurredAt,
      },
    };
  }
}
