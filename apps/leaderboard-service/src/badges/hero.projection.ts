import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource, EntityManager } from 'typeorm';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';

const CONSUMER = 'leaderboard.heroes';

export interface HeroMark {
  basis: string;
  reason: string;
  since: string;
}

/**
 * The leaderboard's projection of HERO status, which the coaching service decides: `hero.qualified`
 * marks an advocate, `hero.lapsed` unmarks them. Applied with the inbox claim in one transaction;
 * one person's events share a partition, so they arrive in the order they happened.
 */
@Injectable()
export class HeroProjection {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly store: BoardStore,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const relevant = envelopes.filter(
      (envelope) => envelope.type === 'hero.qualified' || envelope.type === 'hero.lapsed',
    );
    if (relevant.length === 0) return;
    const changed = await this.dataSource.transaction(async (manager) => {
      const tenants = new Set<string>();
      for (const envelope of await this.inbox.claim(manager, CONSUMER, relevant)) {
        await this.applyOne(manager, envelope);
        tenants.add(envelope.tenantId);
      }
      return tenants;
    });
    // Live boards re-read their rows, so the flags change on screens too; a lost message only delays that.
    await this.store.publishMany(
      [...changed].map((tenantId) => ({ tenantId, message: { kind: 'boards' } satisfies LiveMessage })),
    );
  }

  private async applyOne(manager: EntityManager, envelope: AnyEnvelope): Promise<void> {
    switch (envelope.type) {
      case 'hero.qualified':
        await manager.query(
          `INSERT INTO leaderboard.heroes (tenant_id, employee_id, basis, reason, since) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, employee_id) DO UPDATE SET basis = $3, reason = $4`,
          [
            envelope.tenantId,
            envelope.payload.employeeId,
            envelope.payload.basis ?? 'rule',
            envelope.payload.reason,
            envelope.occurredAt,
          ],
        );
        return;
      case 'hero.lapsed':
        await manager.query(`DELETE FROM leaderboard.heroes WHERE tenant_id = $1 AND employee_id = $2`, [
          envelope.tenantId,
          envelope.payload.employeeId,
        ]);
        return;
      default:
        return;
    }
  }

  /** Which of these advocates are active HEROs: one indexed read per board page. */
  async among(tenantId: string, employeeIds: readonly string[]): Promise<Set<string>> {
    if (employeeIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ employee_id: string }[]>(
      `SELECT employee_id FROM leaderboard.heroes WHERE tenant_id = $1 AND employee_id = ANY($2)`,
      [tenantId, employeeIds],
    );
    return new Set(rows.map((row) => row.employee_id));
  }

  async of(tenantId: string, employeeId: string): Promise<HeroMark | null> {
    const [row] = await this.dataSource.query<{ basis: string; reason: string; since: Date }[]>(
      `SELECT basis, reason, since FROM leaderboard.heroes WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return row ? { basis: row.basis, reason: row.reason, since: row.since.toISOString() } : null;
  }
}
