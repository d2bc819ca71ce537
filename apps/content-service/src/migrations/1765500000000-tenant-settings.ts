import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content service becomes the one owner of a tenant's settings (time zone, week start,
 * languages, programme name). Existing rows keep their zone at version 0; on start the service
 * publishes every version-0 row once as version 1 (`SettingsService.announceMigrated`), so every
 * other service's projection takes the zone the tenant already had here.
 */
export class TenantSettings1765500000000 implements MigrationInterface {
  name = 'TenantSettings1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE content.settings
        ADD COLUMN week_start text NOT NULL DEFAULT 'monday' CHECK (week_start IN ('monday', 'sunday')),
        ADD COLUMN languages jsonb NOT NULL DEFAULT '["en"]',
        ADD COLUMN programme_name text NOT NULL DEFAULT 'Advocacy',
        ADD COLUMN version integer NOT NULL DEFAULT 0,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE content.settings
        DROP COLUMN week_start, DROP COLUMN languages, DROP COLUMN programme_name,
        DROP COLUMN version, DROP COLUMN updated_at`);
  }
}
