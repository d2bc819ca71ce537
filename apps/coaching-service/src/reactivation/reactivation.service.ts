import { Injectable } from '@nestjs/common';
import { DEFAULT_COACHING_SETTINGS } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService, SYSTEM_ACTOR } from '../assignments/assignment.service';
import { inactivityStep } from './inactivity.rules';

interface InactiveRow {
  employee_id: string;
  first_seen_at: Date;
  last_share_at: Date | null;
  nudged_at: Date | null;
  escalated_at: Date | null;
  inactivity_days: number;
  escalation_days: number;
}

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
    private readonly assignments: AssignmentService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async runInactivityScan(): Promise<ScanResult> {
    const now = this.clock.now();
    const tenants = await this.dataSource.query<{ tenant_id: string }[]>(
      `SELECT DISTINCT a.tenant_id FROM coaching.advocates a
         LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.escalated_at IS NULL
          AND COALESCE(a.last_share_at, a.first_seen_at)
              <= $1::timestamptz - make_interval(days => COALESCE(s.inactivity_days, $2))`,
      [now, DEFAULTS.inactivityDays],
    );
    const total: ScanResult = { nudged: 0, assigned: 0 };
    for (const { tenant_id: tenantId } of tenants) {
      const result = await this.dataSource.transaction((manager) => this.scanTenant(manager, tenantId, now));
      total.nudged += result.nudged;
      total.assigned += result.assigned;
    }
    return total;
  }

  /** One tenant under its lock, so two replicas running the timer never nudge twice. */
  private async scanTenant(manager: EntityManager, tenantId: string, now: Date): Promise<ScanResult> {
    await this.locks.lockTenants(manager, [tenantId]);
    const rows = await manager.query<InactiveRow[]>(
      `SELECT a.employee_id, a.first_seen_at, a.last_share_at, a.nudged_at, a.escalated_at,
              COALESCE(s.inactivity_days, $3) AS inactivity_days, COALESCE(s.escalation_days, $4) AS escalation_days
         FROM coaching.advocates a LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.escalated_at IS NULL
          AND COALESCE(a.last_share_at, a.first_seen_at)
              <= $2::timestamptz - make_interval(days => COALESCE(s.inactivity_days, $3))
        ORDER BY a.employee_id`,
      [tenantId, now, DEFAULTS.inactivityDays, DEFAULTS.escalationDays],
    );
    const result: ScanResult = { nudged: 0, assigned: 0 };
    for (const row of rows) {
      const step = inactivityStep(
        {
          firstSeenAt: row.first_seen_at,
          lastShareAt: row.last_share_at,
          nudgedAt: row.nudged_at,
          escalatedAt: row.escalated_at,
        },
        { inactivityDays: row.inactivity_days, escalationDays: row.escalation_days },
        now,
      );
      switch (step.action) {
        case 'none':
          break;
        case 'nudge':
          await manager.query(
            `UPDATE coaching.advocates SET nudged_at = $3 WHERE tenant_id = $1 AND employee_id = $2`,
            [tenantId, row.employee_id, now],
          );
          await this.outbox.add(manager, {
            type: 'coaching.nudged',
            tenantId,
            subject: row.employee_id,
            occurredAt: now,
            payload: {
              employeeId: row.employee_id,
              inactiveDays: step.inactiveDays,
              suggestedContentIds: [],
              message: `No share for ${step.inactiveDays} days: here is something worth sharing.`,
            },
          });
          result.nudged += 1;
          break;
        case 'assign':
          await manager.query(
            `UPDATE coaching.advocates SET escalated_at = $3 WHERE tenant_id = $1 AND employee_id = $2`,
            [tenantId, row.employee_id, now],
          );
          await this.assignments.open(manager, {
            tenantId,
            employeeId: row.employee_id,
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
