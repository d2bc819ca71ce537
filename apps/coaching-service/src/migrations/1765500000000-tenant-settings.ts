import { tenantSettingsTableSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coaching weeks follow the tenant's settings (`tenant.v1`, owned by the content service) instead
 * of UTC. Weeks already summed stay as they were counted; points from now on land in local weeks.
 */
export class TenantSettings1765500000000 implements MigrationInterface {
  name = 'TenantSettings1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of tenantSettingsTableSql('coaching')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS coaching.tenant_settings');
  }
}
