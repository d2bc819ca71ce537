import { Injectable } from '@nestjs/common';
import { SpreadView } from '@advocacy/contracts';
import { TenantSettingsProjection } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { SpreadRepository } from './spread.repository';
import { spreadOf, tenantWeeks } from './spread.rules';

/** Spread analytics: how the habit spreads over teams, week by week, against the baseline. */
@Injectable()
export class SpreadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly spread: SpreadRepository,
    private readonly tenants: TenantSettingsProjection,
    private readonly clock: Clock,
  ) {}

  async view(tenantId: string, weekCount: number): Promise<SpreadView> {
    const manager = this.dataSource.manager;
    const calendar = await this.tenants.get(tenantId);
    const weeks = tenantWeeks(this.clock.now(), weekCount, calendar);
    const [members, active, heroTeams, baseline] = await Promise.all([
      this.spread.members(manager, tenantId),
      this.spread.activeWeeks(
        manager,
        tenantId,
        weeks.map(({ week }) => week),
      ),
      this.spread.heroTeams(manager, tenantId),
      this.spread.baseline(manager, tenantId),
    ]);
    return {
      timeZone: calendar.timeZone,
      weekStart: calendar.weekStart,
      weeks: weeks.map(({ week }) => week),
      baseline: baseline && {
        baselineId: baseline.baselineId,
        participationRate: baseline.participationRate,
        from: baseline.from ? baseline.from.toISOString() : null,
        to: baseline.to ? baseline.to.toISOString() : null,
        recordedAt: baseline.recordedAt.toISOString(),
      },
      ...spreadOf(weeks, {
        members,
        active,
        heroTeams,
        baselineRate: baseline?.participationRate ?? null,
      }),
    };
  }
}
