import { Injectable } from '@nestjs/common';
import { DEFAULT_COACHING_SETTINGS } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService, SYSTEM_ACTOR } from '../assignments/assignment.service';
import { InactivityRepository } from './inactivity.repository';
import { inactivityStep, policyFor } from './inactivity.rules';

export interface ScanResult {
  nudged: number;
  assigned: number;
}

const DEFAULTS = DEFAULT_COACHING_SETTINGS;

/** Finds advocates who stopped sharing: nudge them once, then ask a coach to re-activate them. */
@Injectable()
export class ReactivationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly locks: AssignmentRepository,
    private readonly advocates: InactivityRepository,
    private readonly assignments: AssignmentService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async runInactivityScan(): Promise<ScanResult> {
    const now = this.clock.now();
    const tenants = await this.advocates.tenantsWithInactive(now, DEFAULTS.inactivityDays);
    const total: ScanResult = { nudged: 0, assigned: 0 };
    for (const tenantId of tenants) {
      const result = await this.dataSource.transaction((manager) => this.scanTenant(manager, tenantId, now));
      total.nudged += result.nudged;
      total.assigned += result.assigned;
    }
    return total;
  }

  /** One tenant under its lock, so two replicas running the timer never nudge twice. */
  private async scanTenant(manager: EntityManager, tenantId: string, now: Date): Promise<ScanResult> {
    await this.locks.lockTenants(manager, [tenantId]);
    const inactive = await this.advocates.inactive(manager, tenantId, now, DEFAULTS);
    const result: ScanResult = { nudged: 0, assigned: 0 };
    for (const advocate of inactive) {
      const policy = policyFor(advocate.goal, advocate.policy);
      if (policy === null) continue;
      const step = inactivityStep(advocate.activity, policy, now);
      switch (step.action) {
        case 'none':
          break;
        case 'nudge':
          await this.advocates.markNudged(manager, tenantId, advocate.employeeId, now);
          await this.outbox.add(manager, {
            type: 'coaching.nudged',
            tenantId,
            subject: advocate.employeeId,
            occurredAt: now,
            payload: {
              employeeId: advocate.employeeId,
              inactiveDays: step.inactiveDays,
              suggestedContentIds: [],
              message: `No share for ${step.inactiveDays} days: here is something worth sharing.`,
            },
          });
          result.nudged += 1;
          break;
        case 'assign':
          await this.advocates.markEscalated(manager, tenantId, advocate.employeeId, now);
          await this.assignments.open(manager, {
            tenantId,
            employeeId: advocate.employeeId,
            kind: 're-activation',
            actor: SYSTEM_ACTOR,
            note: `no share for ${step.inactiveDays} days`,
          });
          result.assigned += 1;
          break;
      }
    }
    return result;
  }
}
