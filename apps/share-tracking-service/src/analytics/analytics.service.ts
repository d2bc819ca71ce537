import { Injectable } from '@nestjs/common';
import {
  AnalyticsGroupBy,
  AnalyticsQuery,
  BaselineFigures,
  BaselineProgressQuery,
  CreateBaselineBody,
  EmvSettings,
} from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, badRequest, Clock, hasRole, IdGenerator, notFound } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ProjectionRepository } from '../projections/projection.repository';
import { AnalyticsRepository, Baseline, Period } from './analytics.repository';
import { compareWithBaseline, Figures, Participation, participationOf, summarize } from './analytics.rules';
import { DEFAULT_EMV_SETTINGS, EMV_FORMULA } from './emv.rules';

const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export interface EmvView {
  formula: string;
  settings: EmvSettings;
  isDefault: boolean;
}

export interface SummaryView {
  from: string;
  to: string;
  scope: 'tenant' | 'mentees' | 'own';
  employees: string[] | null;
  groupBy: AnalyticsGroupBy | null;
  totals: Figures & { participation: Participation };
  groups: ({ key: string } & Figures)[];
  emv: EmvView;
}

export interface BaselineView {
  baselineId: string;
  source: 'frozen' | 'manual';
  from: string | null;
  to: string | null;
  figures: BaselineFigures;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly analytics: AnalyticsRepository,
    private readonly projections: ProjectionRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Admins see the tenant, coaches themselves and their accepted mentees, everyone else themselves. */
  async summary(auth: AuthContext, query: AnalyticsQuery): Promise<SummaryView> {
    const manager = this.dataSource.manager;
    const period = this.period(query.from, query.to);
    const [scope, employees] = await this.scopeOf(manager, auth);
    return this.summarizeFor(manager, auth.tenantId, scope, employees, period, query.groupBy ?? null);
  }

  async emv(tenantId: string): Promise<EmvView> {
    const stored = await this.analytics.emvSettings(this.dataSource.manager, tenantId);
    return { formula: EMV_FORMULA, settings: stored ?? DEFAULT_EMV_SETTINGS, isDefault: stored === null };
  }

  async saveEmv(tenantId: string, settings: EmvSettings): Promise<EmvView> {
    await this.analytics.saveEmvSettings(this.dataSource.manager, tenantId, settings);
    return { formula: EMV_FORMULA, settings, isDefault: false };
  }

  /** Freezes the tenant's figures of a period (default: the last 30 days), or stores hand-entered ones. */
  async createBaseline(auth: AuthContext, body: CreateBaselineBody): Promise<BaselineView> {
    const manager = this.dataSource.manager;
    let figures: BaselineFigures;
    let from: Date | null = body.from ? new Date(body.from) : null;
    let to: Date | null = body.to ? new Date(body.to) : null;
    if (body.source === 'frozen') {
      const period = this.period(body.from, body.to);
      ({ from, to } = period);
      const summary = await this.summarizeFor(manager, auth.tenantId, 'tenant', null, period, null);
      figures = baselineFiguresOf(summary.totals);
    } else {
      figures = body.figures;
    }
    const row: Baseline = {
      baselineId: this.ids.next(),
      source: body.source,
      periodFrom: from,
      periodTo: to,
      figures,
      note: body.note ?? null,
      createdBy: auth.employeeId,
      createdAt: this.clock.now(),
    };
    // The coaching service compares programme participation with it: it learns it from this event.
    await this.dataSource.transaction(async (transaction) => {
      await this.analytics.insertBaseline(transaction, auth.tenantId, row);
      await this.outbox.add(transaction, {
        type: 'baseline.recorded',
        tenantId: auth.tenantId,
        subject: row.baselineId,
        occurredAt: row.createdAt,
        payload: {
          baselineId: row.baselineId,
          source: row.source,
          from: row.periodFrom ? row.periodFrom.toISOString() : null,
          to: row.periodTo ? row.periodTo.toISOString() : null,
          participationRate: row.figures.participationRate ?? null,
          recordedAt: row.createdAt.toISOString(),
        },
      });
    });
    return baselineView(row);
  }

  async baseline(tenantId: string): Promise<BaselineView> {
    const row = await this.analytics.latestBaseline(this.dataSource.manager, tenantId);
    if (!row) throw notFound('baseline');
    return baselineView(row);
  }

  /** The tenant's figures of a period next to the latest baseline, absolute and in percent. */
  async progress(auth: AuthContext, query: BaselineProgressQuery) {
    const manager = this.dataSource.manager;
    const row = await this.analytics.latestBaseline(manager, auth.tenantId);
    if (!row) throw notFound('baseline');
    const period = this.period(query.from, query.to);
    const summary = await this.summarizeFor(manager, auth.tenantId, 'tenant', null, period, null);
    const current = baselineFiguresOf(summary.totals);
    return {
      baseline: baselineView(row),
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      current,
      comparison: compareWithBaseline(row.figures, current),
    };
  }

  private async summarizeFor(
    manager: EntityManager,
    tenantId: string,
    scope: SummaryView['scope'],
    employees: string[] | null,
    period: Period,
    groupBy: AnalyticsGroupBy | null,
  ): Promise<SummaryView> {
    const [facts, profiles, emv] = await Promise.all([
      this.analytics.facts(manager, tenantId, employees, period),
      this.analytics.profileCount(manager, tenantId, employees),
      this.emv(tenantId),
    ]);
    const { totals, groups } = summarize(facts, emv.settings, groupBy ?? undefined);
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      scope,
      employees,
      groupBy,
      totals: { ...totals, participation: participationOf(facts.shares, profiles) },
      groups,
      emv,
    };
  }

  private async scopeOf(
    manager: EntityManager,
    auth: AuthContext,
  ): Promise<[SummaryView['scope'], string[] | null]> {
    if (hasRole(auth, 'admin')) return ['tenant', null];
    if (hasRole(auth, 'coach')) {
      const mentees = await this.projections.menteesOf(manager, auth.tenantId, auth.employeeId);
      return ['mentees', [auth.employeeId, ...mentees.filter((id) => id !== auth.employeeId)]];
    }
    return ['own', [auth.employeeId]];
  }

  private period(from: string | undefined, to: string | undefined): Period {
    const end = to ? new Date(to) : this.clock.now();
    const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (start >= end) throw badRequest('from must be before to');
    return { from: start, to: end };
  }
}

function baselineFiguresOf(totals: Figures & { participation: Participation }): Required<BaselineFigures> {
  return {
    shares: totals.shares,
    clicks: totals.clicks,
    uniqueClicks: totals.uniqueClicks,
    reactions: totals.reactions,
    impressions: totals.impressions,
    potentialReach: totals.potentialReach,
    participationRate: totals.participation.rate ?? 0,
    emv: totals.emv,
  };
}

function baselineView(row: Baseline): BaselineView {
  return {
    baselineId: row.baselineId,
    source: row.source,
    from: row.periodFrom?.toISOString() ?? null,
    to: row.periodTo?.toISOString() ?? null,
    figures: row.figures,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
