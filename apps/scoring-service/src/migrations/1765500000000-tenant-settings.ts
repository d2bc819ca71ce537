import { tenantSettingsTableSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time zone leaves the scoring rules: the daily cap's day follows the tenant's settings, owned
 * by the content service and projected from `tenant.v1`. A tenant's last rules version seeds the
 * projection at version 0, so its cap keeps its day until the owner publishes the settings.
 */
export class TenantSettings1765500000000 implements MigrationInterface {
  name = 'TenantSettings1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of tenantSettingsTableSql('scoring')) await runner.query(sql);
    await runner.query(`
      INSERT INTO scoring.tenant_settings (tenant_id, settings, version, updated_at)
      SELECT DISTINCT ON (tenant_id) tenant_id, jsonb_build_object('timeZone', document->>'timeZone'), 0, effective_from
        FROM scoring.rules WHERE document ? 'timeZone'
       ORDER BY tenant_id, version DESC
      ON CONFLICT (tenant_id) DO NOTHING`);
    await runner.query(
      `UPDATE scoring.rules SET document = document - 'timeZone' WHERE document ? 'timeZone'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE scoring.rules r SET document = r.document || jsonb_build_object('timeZone', t.settings->>'timeZone')
        FROM scoring.tenant_settings t WHERE t.tenant_id = r.tenant_id AND t.settings ? 'timeZone'`);
    await runner.query('DROP TABLE IF EXISTS scoring.tenant_settings');
  }
}
