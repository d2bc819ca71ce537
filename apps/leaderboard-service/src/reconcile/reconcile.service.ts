import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, Clock, counter, gauge, METRICS_REGISTRY, REDIS } from '@advocacy/platform';
import { JobScheduler } from '@advocacy/service-kit';
import Redis from 'ioredis';
import { Counter, Gauge, Registry } from 'prom-client';
import type { LeaderboardConfig } from '../config';
import { affectedBoards, tenantKeys, tenantPrefix } from '../boards/board-keys';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';
import { LedgerReader } from '../rebuild/ledger.reader';
import { RebuildService } from '../rebuild/rebuild.service';
import { driftOf, driftPoints, expectedBoards, LedgerPoints, MemberDrift } from './reconcile.rules';

export interface ReconcileReport {
  tenantId: string;
  generation: number;
  boards: number;
  ledgerEntries: number;
  driftPoints: number;
  /** The first drifted members (at most 50). */
  drift: MemberDrift[];
  repaired: boolean;
  skipped?: 'rebuild_running';
}

const LOCK_KEY = 'lb:reconcile-lock';

/**
 * The safety net under the boards: compares every board of a tenant with the scoring ledger (per
 * member, scope and period) and repairs drift with the generation rebuild. A difference must still be
 * there RECONCILE_CONFIRM_MS later to count, so events still in flight are not mistaken for drift.
 * `board_drift_points` shows what it found; in a healthy system it stays 0.
 */
@Injectable()
export class ReconcileService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reconcile');
  private readonly driftGauge: Gauge<string>;
  private readonly repairs: Counter<string>;

  constructor(
    private readonly store: BoardStore,
    private readonly tenants: TenantRepository,
    private readonly ledger: LedgerReader,
    private readonly rebuilds: RebuildService,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly scheduler: JobScheduler,
  ) {
    this.driftGauge = gauge(
      registry,
      'board_drift_points',
      'Points by which the boards differ from the scoring ledger, at the last reconciliation',
      ['tenant'],
    );
    this.repairs = counter(registry, 'board_reconcile_repairs_total', 'Rebuilds started by reconciliation');
  }

  onApplicationBootstrap(): void {
    this.scheduler.schedule('leaderboard', [
      { name: 'reconcile', intervalMs: this.config.RECONCILE_INTERVAL_MS, run: () => this.everyTenant() },
    ]);
  }

  /** One replica per round (a Redis lock), every tenant the boards know. */
  private async everyTenant(): Promise<void> {
    const held = await this.redis.set(
      LOCK_KEY,
      String(process.pid),
      'PX',
      this.config.RECONCILE_INTERVAL_MS,
      'NX',
    );
    if (held !== 'OK') return;
    for (const { tenantId } of await this.tenants.all()) {
      await this.reconcile(tenantId, true).catch((error: unknown) =>
        this.logger.warn(`reconciling ${tenantId} failed: ${String(error)}`),
      );
    }
  }

  async reconcile(tenantId: string, repair: boolean): Promise<ReconcileReport> {
    let measured = await this.measure(tenantId);
    if (measured.drift.length > 0 && !measured.skipped && this.config.RECONCILE_CONFIRM_MS > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.config.RECONCILE_CONFIRM_MS));
      measured = await this.measure(tenantId);
    }
    const report = {
      ...measured,
      driftPoints: driftPoints(measured.drift),
      drift: measured.drift.slice(0, 50),
    };
    if (measured.skipped) return { ...report, repaired: false };
    this.driftGauge.set({ tenant: tenantId }, report.driftPoints);
    if (report.driftPoints === 0 || !repair) return { ...report, repaired: false };
    this.logger.warn(`tenant ${tenantId}: boards drifted by ${report.driftPoints} points; rebuilding`);
    this.repairs.inc();
    await this.rebuilds.rebuild(tenantId);
    return { ...report, repaired: true };
  }

  private async measure(tenantId: string): Promise<Omit<ReconcileReport, 'driftPoints' | 'repaired'>> {
    const { current, rebuilding } = await this.store.generations(tenantId);
    const base = { tenantId, generation: current, boards: 0, ledgerEntries: 0, drift: [] };
    if (rebuilding !== null) return { ...base, skipped: 'rebuild_running' };
    const calendar = await this.tenants.calendar(tenantId);
    const lines: LedgerPoints[] = [];
    for await (const line of this.ledger.lines(tenantId)) {
      lines.push({
        employeeId: line.employeeId,
        teamId: line.teamId,
        points: line.points,
        boards: affectedBoards(
          line,
          new Date(line.occurredAt),
          calendar,
          this.config.LEADERBOARD_RETENTION_MONTHS,
        ),
      });
    }
    const expected = expectedBoards(lines, Math.floor(this.clock.now().getTime() / 1000));
    const prefix = tenantPrefix(tenantId);
    const suffix = `:g${current}`;
    const actual = new Map<string, Map<string, number>>();
    for (const key of await this.redis.smembers(tenantKeys(tenantId).registry(current))) {
      if (!key.startsWith(prefix) || !key.endsWith(suffix)) continue;
      const points = await this.store.allPoints(key);
      if (points.size > 0) actual.set(key.slice(prefix.length, -suffix.length), points);
    }
    const after = await this.store.generations(tenantId);
    if (after.current !== current || after.rebuilding !== null)
      return { ...base, skipped: 'rebuild_running' };
    return { ...base, boards: actual.size, ledgerEntries: lines.length, drift: driftOf(expected, actual) };
  }
}
