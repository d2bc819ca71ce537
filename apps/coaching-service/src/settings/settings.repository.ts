import { Injectable } from '@nestjs/common';
import { CoachingSettings, DEFAULT_COACHING_SETTINGS } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

@Injectable()
export class SettingsRepository {
  async get(manager: EntityManager, tenantId: string): Promise<CoachingSettings> {
    const [row] = await manager.query<
      { inactivity_days: number; escalation_days: number; proposal_ttl_hours: number }[]
    >(
      `SELECT inactivity_days, escalation_days, proposal_ttl_hours FROM coaching.settings WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) return { ...DEFAULT_COACHING_SETTINGS };
    return {
      inactivityDays: row.inactivity_days,
      escalationDays: row.escalation_days,
      proposalTtlHours: row.proposal_ttl_hours,
    };
  }

  async put(manager: EntityManager, tenantId: string, settings: CoachingSettings, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.settings (tenant_id, inactivity_days, escalation_days, proposal_ttl_hours, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET inactivity_days = $2, escalation_days = $3,
         proposal_ttl_hours = $4, updated_at = $5`,
      [tenantId, settings.inactivityDays, settings.escalationDays, settings.proposalTtlHours, now],
    );
  }
}
