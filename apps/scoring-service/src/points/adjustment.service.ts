import { Injectable } from '@nestjs/common';
import { CreateAdjustmentBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, IdGenerator } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { RulesRepository } from '../rules/rules.repository';
import { LedgerRepository } from './ledger.repository';
import { historyLine } from './points-reader.service';
import { awardedEvent } from './points.service';
import { ProjectionsRepository } from './projections.repository';

export const ADJUSTMENT_RULE = 'adjustment';

/** Manual awards and corrections: a ledger entry that says who made it and why. */
@Injectable()
export class AdjustmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly rules: RulesRepository,
    private readonly projections: ProjectionsRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async create(auth: AuthContext, body: CreateAdjustmentBody) {
    const sourceEventId = body.idempotencyKey ?? this.ids.next();
    const teamId =
      body.teamId !== undefined
        ? body.teamId
        : ((await this.projections.advocate(auth.tenantId, body.employeeId))?.teamId ?? null);
    const version = (await this.rules.latest(auth.tenantId))?.version ?? 0;
    const sign = body.points > 0 ? '+' : '';
    return this.dataSource.transaction(async (manager) => {
      const [entry] = await this.ledger.append(manager, [
        {
          entryId: this.ids.next(),
          tenantId: auth.tenantId,
          employeeId: body.employeeId,
          teamId,
          campaignId: body.campaignId ?? null,
          points: body.points,
          reason: 'adjustment',
          explanation: `Adjustment by ${auth.employeeId}: ${body.reason}: ${sign}${body.points}`.slice(
            0,
            500,
          ),
          rule: ADJUSTMENT_RULE,
          ruleVersion: version,
          sourceEventId,
          reverses: null,
          occurredAt: this.clock.now().toISOString(),
          subjectId: null,
          shareId: null,
          createdBy: auth.employeeId,
        },
      ]);
      if (entry) await this.outbox.addMany(manager, [awardedEvent(entry)]);
      // A retried request with the same idempotency key answers with the entry it made the first time.
      const row = await this.ledger.bySource(manager, auth.tenantId, sourceEventId, ADJUSTMENT_RULE);
      if (!row) throw new Error('adjustment entry missing after insert');
      return {
        ...historyLine(row),
        employeeId: row.employeeId,
        createdBy: auth.employeeId,
        created: Boolean(entry),
      };
    });
  }
}
