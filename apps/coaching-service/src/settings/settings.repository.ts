import { Injectable } from '@nestjs/common';
import { CoachingSettings, DEFAULT_COACHING_SETTINGS, HeroRule } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

interface SettingsRow {
  inactivity_days: number;
  escalation_days: number;
  proposal_ttl_hours: number;
  unassigned_alert_hours: number | null;
  hero_rule: unknown;
}

@Injectable()
export class SettingsRepository {
  async get(manager: EntityManager, tenantId: string): Promise<CoachingSettings> {
    const [row] = await manager.query<SettingsRow[]>(
      `SELECT inactivity_days, escalation_days, proposal_ttl_hours, unassigned_alert_hours, hero_rule
         FROM coaching.settings WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) return { ...DEFAULT_COACHING_SETTINGS };
    return {
      inactivityDays: row.inactivity_days,
      escalationDays: row.escalation_days,
      proposalTtlHours: row.proposal_ttl_hours,
      unassignedAlertHours: row.unassigned_alert_hours ?? DEFAULT_COACHING_SETTINGS.unassignedAlertHours,
      // Parsed again so a rule stored before a new field existed gets that field's default.
      heroRule: HeroRule.parse(row.hero_rule ?? {}),
    };
  }

  async heroRule(manager: EntityManager, tenantId: string): Promise<HeroRule> {
    return (await this.get(manager, tenantId)).heroRule;
  }

  async put(manager: EntityManager, tenantId: string, settings: CoachingSettings, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.settings (tenant_id, inactivity_days, escalation_days, proposal_ttl_hours,
         unassigned_alert_hours, hero_rule, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id) DO UPDATE SET inactivity_days = $2, escalation_days = $3,
         proposal_ttl_hours = $4, unassigned_alert_hours = $5, hero_rule = $6, updated_at = $7`,
      [
        tenantId,
        settings.inactivityDays,
        settings.escalationDays,
        settings.proposalTtlHours,
        settings.unassignedAlertHours,
        JSON.stringify(settings.heroRule),
        now,
      ],
    );
  }
}
