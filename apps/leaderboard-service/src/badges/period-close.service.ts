import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@advocacy/platform';
import { JobScheduler } from '@advocacy/service-kit';
import { DataSource, EntityManager } from 'typeorm';
import type { LeaderboardConfig } from '../config';
import { boardKey } from '../boards/board-keys';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';
import { BadgeRepository } from './badge.repository';
import { closedPeriods, heroOfTheWeekAwards, RankAward, teamChampionAwards } from './badge.rules';
import { BadgeService, Won } from './badge.service';

const MAX_TEAMS = 1000;

/** Badge rules look at ids and points only. */
const NO_PROFILES = true;

export interface CloseReport {
  weeks: string[];
  months: string[];
}

/**
 * Period-close work: HERO of the week and Team champion (HERO status itself is the coaching
 * service's, decided continuously on a rolling window; this service projects it). Each (tenant, kind, period)
 * is claimed by a unique row inserted in the same transaction as the awards and events, so it runs
 * once across replicas; every tick looks back to the tenant's first event, so missed periods are
 * caught up after downtime.
 */
@Injectable()
export class PeriodCloseService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly badges: BadgeRepository,
    private readonly badgeService: BadgeService,
    private readonly tenants: TenantRepository,
    private readonly store: BoardStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  /** Closes at start (catching up after downtime) and then every `PERIOD_CLOSE_INTERVAL_MS`. */
  onApplicationBootstrap() {
    this.scheduler.schedule('leaderboard', [
      {
        name: 'period-close',
        intervalMs: this.config.PERIOD_CLOSE_INTERVAL_MS,
        runAtStart: true,
        run: () => this.closePeriods(this.clock.now()),
      },
    ]);
  }

  /** Closes every ended week and month of every tenant that is not closed yet. */
  async closePeriods(now: Date): Promise<CloseReport> {
    const report: CloseReport = { weeks: [], months: [] };
    for (const tenant of await this.tenants.all()) {
      const done = await this.badges.closedPeriods(tenant.tenantId);
      const ended = closedPeriods(tenant.firstSeenAt, now, await this.tenants.calendar(tenant.tenantId));
      for (const week of ended.weeks) {
        if (done.has(`week:${week.id}`)) continue;
        if (await this.closeWeek(tenant.tenantId, week.id, now))
          report.weeks.push(`${tenant.tenantId}:${week.id}`);
      }
      for (const month of ended.months) {
        if (done.has(`month:${month.id}`)) continue;
        if (await this.closeMonth(tenant.tenantId, month.id, now))
          report.months.push(`${tenant.tenantId}:${month.id}`);
      }
    }
    return report;
  }

  private async closeWeek(tenantId: string, week: string, now: Date): Promise<boolean> {
    const rules = await this.badges.rules(tenantId);
    const { rows } = await this.store.top(
      tenantId,
      await this.key(tenantId, 'global', 'week', week),
      0,
      rules.heroOfTheWeek.top,
      NO_PROFILES,
    );
    const awards = heroOfTheWeekAwards(rules, week, rows);
    return this.commit(tenantId, 'week', week, now, awards);
  }

  private async closeMonth(tenantId: string, month: string, now: Date): Promise<boolean> {
    const rules = await this.badges.rules(tenantId);
    const awards: RankAward[] = [];
    const teams = await this.store.top(
      tenantId,
      await this.key(tenantId, 'teams', 'month', month),
      0,
      MAX_TEAMS,
      NO_PROFILES,
    );
    for (const team of teams.rows) {
      const board = await this.store.top(
        tenantId,
        await this.key(tenantId, `team:${team.id}`, 'month', month),
        0,
        rules.teamChampion.top,
        NO_PROFILES,
      );
      awards.push(...teamChampionAwards(rules, month, team.id, board.rows));
    }
    return this.commit(tenantId, 'month', month, now, awards);
  }

  private async commit(
    tenantId: string,
    kind: 'week' | 'month',
    period: string,
    now: Date,
    awards: RankAward[],
    more?: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    const won: Won[] = [];
    const claimed = await this.dataSource.transaction(async (manager) => {
      if (!(await this.badges.claimPeriod(manager, tenantId, kind, period, now))) return false;
      for (const { employeeId, award } of awards) {
        if (await this.badgeService.grant(manager, tenantId, employeeId, award))
          won.push({ tenantId, employeeId, award });
      }
      if (more) await more(manager);
      return true;
    });
    await this.badgeService.announce(won);
    return claimed;
  }

  private async key(tenantId: string, scope: string, period: 'week' | 'month', bucket: string) {
    const { current } = await this.store.generations(tenantId);
    return boardKey(tenantId, current, scope, period, bucket);
  }
}
