import { Injectable } from '@nestjs/common';
import { PointsHistoryQuery, PointsSummary } from '@advocacy/contracts';
import { TenantSettingsProjection } from '@advocacy/messaging';
import { AuthContext, Clock, forbidden, hasRole, notFound, periodRange } from '@advocacy/platform';
import { RulesRepository } from '../rules/rules.repository';
import { DEFAULT_RULES } from '../rules/rules.service';
import { LedgerRepository, LedgerLine } from './ledger.repository';
import { levelFor } from './levels';
import { ProjectionsRepository } from './projections.repository';

export const historyLine = (row: LedgerLine) => ({
  seq: Number(row.seq),
  entryId: row.entryId,
  points: row.points,
  reason: row.reason,
  explanation: row.explanation,
  rule: row.rule,
  ruleVersion: row.ruleVersion,
  campaignId: row.campaignId,
  reverses: row.reverses,
  occurredAt: row.occurredAt.toISOString(),
  recordedAt: row.recordedAt.toISOString(),
});

/** "Why did I get these points": totals per local period, level and the explained history. */
@Injectable()
export class PointsReader {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly rules: RulesRepository,
    private readonly projections: ProjectionsRepository,
    private readonly clock: Clock,
    private readonly tenants: TenantSettingsProjection,
  ) {}

  me(auth: AuthContext, query: PointsHistoryQuery): Promise<PointsSummary> {
    return this.summary(auth.tenantId, auth.employeeId, query);
  }

  /** Admins read anyone in their tenant; a coach reads the advocates of their accepted assignments. */
  async of(auth: AuthContext, employeeId: string, query: PointsHistoryQuery): Promise<PointsSummary> {
    const allowed =
      hasRole(auth, 'admin') ||
      auth.employeeId === employeeId ||
      (await this.projections.isCoachOf(auth.tenantId, auth.employeeId, employeeId));
    if (!allowed) throw forbidden('only admins and the coach of this advocate may read their points');
    const summary = await this.summary(auth.tenantId, employeeId, query);
    if (summary.history.total === 0 && !(await this.projections.advocate(auth.tenantId, employeeId)))
      throw notFound('advocate');
    return summary;
  }

  private async summary(
    tenantId: string,
    employeeId: string,
    query: PointsHistoryQuery,
  ): Promise<PointsSummary> {
    const rules = (await this.rules.latest(tenantId))?.rules ?? DEFAULT_RULES;
    const now = this.clock.now();
    const calendar = await this.tenants.get(tenantId);
    const totals = await this.ledger.totals(tenantId, employeeId, {
      day: periodRange(now, 'day', calendar),
      week: periodRange(now, 'week', calendar),
      month: periodRange(now, 'month', calendar),
    });
    const rows =
      totals.entries > query.offset
        ? await this.ledger.history(tenantId, employeeId, query.limit, query.offset)
        : [];
    return {
      employeeId,
      total: totals.total,
      day: totals.day,
      week: totals.week,
      month: totals.month,
      timeZone: calendar.timeZone,
      level: levelFor(totals.total, rules.levels),
      history: {
        items: rows.map(historyLine),
        limit: query.limit,
        offset: query.offset,
        total: totals.entries,
      },
    };
  }
}
