import { tenantSettingsTableSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The boards' time zone leaves this service: periods follow the tenant's settings, owned by the
 * content service and projected from `tenant.v1`. Each tenant's zone seeds the projection at
 * version 0, so its boards keep their days until the owner publishes the settings.
 * `leaderboard.tenants.time_zone` stays for this release (replicas of the previous one read it while
 * the rollout runs); nothing reads it any more, and a later release drops it.
 */
export class TenantSettings1765500000000 implements MigrationInterface {
  name = 'TenantSettings1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of tenantSettingsTableSql('leaderboard')) await runner.query(sql);
    await runner.query(`
      INSERT INTO leaderboard.tenant_settings (tenant_id, settings, version, updated_at)
      SELECT tenant_id, jsonb_build_object('timeZone', time_zone), 0, first_seen_at FROM leaderboard.tenants
      ON CONFLICT (tenant_id) DO NOTHING`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE leaderboard.tenants t SET time_zone = s.settings->>'timeZone'
        FROM leaderboard.tenant_settings s WHERE s.tenant_id = t.tenant_id AND s.settings ? 'timeZone'`);
    await runner.query('DROP TABLE IF EXISTS leaderboard.tenant_settings');
  }
}
