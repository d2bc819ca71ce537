import { Injectable } from '@nestjs/common';
import { NotificationDefaults, NotificationPreferences } from '@advocacy/contracts';
import { TenantSettingsProjection } from '@advocacy/messaging';
import { EntityManager } from 'typeorm';
import { BUILTIN_DEFAULTS, NO_PREFERENCES } from './preference.rules';

/** Stored as JSON documents: they are read and written whole, and their shape lives in contracts. */
@Injectable()
export class PreferenceRepository {
  constructor(private readonly tenants: TenantSettingsProjection) {}

  /** The tenant's defaults; their time zone is the tenant's (`tenant.v1`), never stored here. */
  async defaults(manager: EntityManager, tenantId: string): Promise<NotificationDefaults> {
    const [row] = await manager.query<{ settings: Partial<NotificationDefaults> }[]>(
      'SELECT settings FROM notification.tenant_defaults WHERE tenant_id = $1',
      [tenantId],
    );
    const stored = row?.settings ?? {};
    return {
      ...BUILTIN_DEFAULTS,
      ...stored,
      channels: { ...BUILTIN_DEFAULTS.channels, ...(stored.channels ?? {}) },
      digest: { ...BUILTIN_DEFAULTS.digest, ...(stored.digest ?? {}) },
      timeZone: (await this.tenants.get(tenantId)).timeZone,
    };
  }

  async putDefaults(
    manager: EntityManager,
    tenantId: string,
    settings: NotificationDefaults,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notification.tenant_defaults (tenant_id, settings, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = $2, updated_at = $3`,
      [tenantId, JSON.stringify({ ...settings, timeZone: undefined }), now],
    );
  }

  async own(manager: EntityManager, tenantId: string, employeeId: string): Promise<NotificationPreferences> {
    const map = await this.ownMany(manager, tenantId, [employeeId]);
    return map.get(employeeId) ?? { ...NO_PREFERENCES };
  }

  async ownMany(
    manager: EntityManager,
    tenantId: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, NotificationPreferences>> {
    if (employeeIds.length === 0) return new Map();
    const rows = await manager.query<{ employee_id: string; preferences: NotificationPreferences }[]>(
      `SELECT employee_id, preferences FROM notification.preferences WHERE tenant_id = $1 AND employee_id = ANY($2)`,
      [tenantId, [...new Set(employeeIds)]],
    );
    return new Map(rows.map((row) => [row.employee_id, { ...NO_PREFERENCES, ...row.preferences }]));
  }

  async putOwn(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    preferences: NotificationPreferences,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notification.preferences (tenant_id, employee_id, preferences, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET preferences = $3, updated_at = $4`,
      [tenantId, employeeId, JSON.stringify(preferences), now],
    );
  }

  /** Serialises read-modify-write of one person's preferences (PUT and unsubscribe at once). */
  async lock(manager: EntityManager, tenantId: string, employeeId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `notify-prefs:${tenantId}:${employeeId}`,
    ]);
  }
}
