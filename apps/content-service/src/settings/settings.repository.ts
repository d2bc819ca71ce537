import { Injectable } from '@nestjs/common';
import { TenantSettings, TenantSettingsView, WeekStart } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

interface SettingsRow {
  tenant_id: string;
  time_zone: string;
  suggestion_hour: number;
  week_start: WeekStart;
  languages: string[];
  programme_name: string;
  version: number;
  updated_at: Date;
}

const toView = (row: SettingsRow): TenantSettingsView & { tenantId: string } => ({
  tenantId: row.tenant_id,
  timeZone: row.time_zone,
  weekStart: row.week_start,
  languages: row.languages,
  programmeName: row.programme_name,
  suggestionHour: row.suggestion_hour,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

/** `content.settings`: the one home of a tenant's settings. */
@Injectable()
export class SettingsRepository {
  async find(manager: EntityManager, tenantId: string): Promise<TenantSettingsView | null> {
    const rows = await manager.query<SettingsRow[]>('SELECT * FROM content.settings WHERE tenant_id = $1', [
      tenantId,
    ]);
    if (!rows[0]) return null;
    const { tenantId: _tenantId, ...view } = toView(rows[0]);
    return view;
  }

  /** Writes the next version of the tenant's settings and returns it. */
  async save(
    manager: EntityManager,
    tenantId: string,
    settings: TenantSettings,
    now: Date,
  ): Promise<TenantSettingsView> {
    const rows = await manager.query<SettingsRow[]>(
      `INSERT INTO content.settings
         (tenant_id, time_zone, suggestion_hour, week_start, languages, programme_name, version, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, 1, $7)
       ON CONFLICT (tenant_id) DO UPDATE SET
         time_zone = EXCLUDED.time_zone, suggestion_hour = EXCLUDED.suggestion_hour,
         week_start = EXCLUDED.week_start, languages = EXCLUDED.languages,
         programme_name = EXCLUDED.programme_name, version = content.settings.version + 1,
         updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        tenantId,
        settings.timeZone,
        settings.suggestionHour,
        settings.weekStart,
        JSON.stringify(settings.languages),
        settings.programmeName,
        now,
      ],
    );
    const { tenantId: _tenantId, ...view } = toView(rows[0]);
    return view;
  }

  /** Rows the migration carried over and nobody published yet, moved to version 1 (taken once). */
  async takeMigrated(manager: EntityManager): Promise<(TenantSettingsView & { tenantId: string })[]> {
    // Through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows = await manager.query<SettingsRow[]>(
      `WITH taken AS (
         UPDATE content.settings SET version = 1
          WHERE tenant_id IN (SELECT tenant_id FROM content.settings WHERE version = 0 FOR UPDATE SKIP LOCKED)
          RETURNING *)
       SELECT * FROM taken`,
    );
    return rows.map(toView);
  }
}
