import { Injectable, Logger } from '@nestjs/common';
import { Clock, groupBy, IdGenerator } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ProjectionRepository } from '../intake/projection.repository';
import { effectivePreferences, NO_PREFERENCES } from '../preferences/preference.rules';
import { PreferenceRepository } from '../preferences/preference.repository';
import { ScheduleRepository } from '../sends/schedule.repository';
import { digestSlot } from '../sends/schedule.rules';
import { SendRepository } from '../sends/send.repository';

export const DIGEST_MAX_ITEMS = 10;
/** A first digest looks back this far; later ones start where the previous one ended. */
const FIRST_DIGEST_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/**
 * Digests of suggested content on the weekdays and hour each employee (or the tenant) chose, in
 * their time zone. A (tenant, employee, local day) claim is inserted in the same transaction as the
 * queued mail, so two replicas ticking at once send one digest.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('DigestService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionRepository,
    private readonly preferences: PreferenceRepository,
    private readonly schedule: ScheduleRepository,
    private readonly sends: SendRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Queues every digest due now; returns how many were queued. */
  async runDigests(): Promise<number> {
    const now = this.clock.now();
    const manager = this.dataSource.manager;
    const people = await this.projections.mailable(manager);
    let queued = 0;
    for (const [tenantId, group] of groupBy(people, (person) => person.tenantId)) {
      const employeeIds = group.map((person) => person.employeeId);
      try {
        const defaults = await this.preferences.defaults(manager, tenantId);
        const own = await this.preferences.ownMany(manager, tenantId, employeeIds);
        for (const employeeId of employeeIds) {
          const effective = effectivePreferences(own.get(employeeId) ?? NO_PREFERENCES, defaults);
          const slot = digestSlot(now, effective.timeZone, effective.digest);
          if (!slot.due) continue;
          if (await this.queueDigest(tenantId, employeeId, slot.period, now)) queued += 1;
        }
      } catch (error) {
        this.logger.error(`digests for ${tenantId} failed: ${String(error)}`);
      }
    }
    return queued;
  }

  private queueDigest(tenantId: string, employeeId: string, period: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.schedule.lastClaim(manager, tenantId, 'digest', employeeId);
      if (!(await this.schedule.claim(manager, tenantId, 'digest', employeeId, period, now))) return false;
      const since = previous ?? new Date(now.getTime() - FIRST_DIGEST_LOOKBACK_MS);
      const items = await this.projections.unsharedSuggestions(
        manager,
        tenantId,
        employeeId,
        since,
        now,
        DIGEST_MAX_ITEMS,
      );
      if (items.length === 0) return false;
      await this.sends.enqueue(manager, [
        {
          id: this.ids.next(),
          idempotencyKey: `email:${tenantId}:${employeeId}:digest:${period}`,
          tenantId,
          channel: 'email',
          recipient: employeeId,
          kind: 'digest',
          sourceEventId: null,
          payload: {
            type: 'digest',
            items: items.map(({ title, url, summary }) => ({ title, url, summary })),
          },
          notBefore: now,
          createdAt: now,
        },
      ]);
      return true;
    });
  }
}
