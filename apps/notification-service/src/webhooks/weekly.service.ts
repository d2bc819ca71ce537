import { Injectable, Logger } from '@nestjs/common';
import { Clock, IdGenerator } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ProjectionRepository } from '../intake/projection.repository';
import { PreferenceRepository } from '../preferences/preference.repository';
import { ScheduleRepository } from '../sends/schedule.repository';
import { weeklySlot } from '../sends/schedule.rules';
import { SendRepository } from '../sends/send.repository';
import { WebhookRepository } from './webhook.repository';

/**
 * The weekly top 3 for chat channels: on Monday, from the tenant's digest hour on, the three
 * advocates with the most points in the ISO week that ended (tenant time zone), once per week.
 */
@Injectable()
export class WeeklyService {
  private readonly logger = new Logger('WeeklyService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionRepository,
    private readonly preferences: PreferenceRepository,
    private readonly webhooks: WebhookRepository,
    private readonly schedule: ScheduleRepository,
    private readonly sends: SendRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async runWeeklyTop3(): Promise<number> {
    const now = this.clock.now();
    const tenants = await this.projections.tenants(this.dataSource.manager);
    const hooksByTenant = await this.webhooks.forMoments(this.dataSource.manager, tenants);
    let queued = 0;
    for (const [tenantId, allHooks] of hooksByTenant) {
      const hooks = allHooks.filter((hook) => hook.moments.includes('weekly-top3'));
      if (hooks.length === 0) continue;
      try {
        const defaults = await this.preferences.defaults(this.dataSource.manager, tenantId);
        const slot = weeklySlot(now, defaults.timeZone, defaults.digest.hour);
        if (!slot.due) continue;
        queued += await this.dataSource.transaction(async (manager) => {
          if (!(await this.schedule.claim(manager, tenantId, 'weekly-top3', '*', slot.week, now))) return 0;
          const top = await this.projections.topOfWeek(manager, tenantId, slot.week, 3);
          if (top.length === 0) return 0;
          const text = top
            .map((entry, index) => `${index + 1}. ${entry.displayName} — ${entry.points} points`)
            .join('\n');
          return this.sends.enqueue(
            manager,
            hooks.map((hook) => {
              const key = `webhook:${tenantId}:${hook.id}:weekly-top3:${slot.week}`;
              return {
                id: this.ids.next(),
                idempotencyKey: key,
                tenantId,
                channel: 'webhook' as const,
                recipient: hook.id,
                kind: 'weekly-top3',
                sourceEventId: null,
                payload: {
                  type: 'webhook' as const,
                  moment: {
                    id: key,
                    moment: 'weekly-top3' as const,
                    tenantId,
                    occurredAt: now.toISOString(),
                    title: `Top 3 of ${slot.week}`,
                    text,
                    data: { week: slot.week, top },
                  },
                },
                notBefore: now,
                createdAt: now,
              };
            }),
          );
        });
      } catch (error) {
        this.logger.error(`weekly top 3 for ${tenantId} failed: ${String(error)}`);
      }
    }
    return queued;
  }
}
