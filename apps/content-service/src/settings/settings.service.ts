import { Injectable } from '@nestjs/common';
import { TenantSettingsBody } from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_SUGGESTION_HOUR, DEFAULT_TIME_ZONE } from '../suggestions/suggestions.rules';

export type TenantSettings = TenantSettingsBody;

interface SettingsRow {
  time_zone: string;
  suggestion_hour: number;
}

/** Per-tenant settings: the time zone and hour of the daily suggestions. */
@Injectable()
export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<TenantSettings> {
    const rows = await manager.query<SettingsRow[]>(
      'SELECT time_zone, suggestion_hour FROM content.settings WHERE tenant_id = $1',
      [tenantId],
    );
    const row = rows[0];
    return row
      ? { timeZone: row.time_zone, suggestionHour: row.suggestion_hour }
      : { timeZone: DEFAULT_TIME_ZONE, suggestionHour: DEFAULT_SUGGESTION_HOUR };
  }

  async put(tenantId: string, settings: TenantSettings): Promise<TenantSettings> {
    await this.dataSource.query(
      `INSERT INTO content.settings (tenant_id, time_zone, suggestion_hour) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, suggestion_hour = EXCLUDED.suggestion_hour`,
      [tenantId, settings.timeZone, settings.suggestionHour],
    );
    return settings;
  }
}
