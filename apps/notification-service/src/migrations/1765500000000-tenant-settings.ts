import { tenantSettingsTableSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant's time zone leaves the notification defaults: digests and quiet hours follow the
 * tenant's settings (`tenant.v1`, owned by the content service). A zone an admin set here seeds the
 * projection at version 0, so the tenant's digests keep their hour until the owner publishes.
 */
export class TenantSettings1765500000000 implements MigrationInterface {
  name = 'TenantSettings1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of tenantSettingsTableSql('notification')) await runner.query(sql);
    await runner.query(`
      INSERT INTO notification.tenant_settings (tenant_id, settings, version, updated_at)
      SELECT tenant_id, jsonb_build_object('timeZone', settings->>'timeZone'), 0, updated_at
        FROM notification.tenant_defaults WHERE settings ? 'timeZone'
      ON CONFLICT (tenant_id) DO NOTHING`);
    await runner.query(
      `UPDATE notification.tenant_defaults SET settings = settings - 'timeZone' WHERE settings ? 'timeZone'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE notification.tenant_defaults d SET settings = d.settings || jsonb_build_object('timeZone', s.settings->>'timeZone')
        FROM notification.tenant_settings s WHERE s.tenant_id = d.tenant_id AND s.settings ? 'timeZone'`);
    await runner.query('DROP TABLE IF EXISTS notification.tenant_settings');
  }
}
