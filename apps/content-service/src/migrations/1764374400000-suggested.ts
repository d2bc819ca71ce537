import { MigrationInterface, QueryRunner } from 'typeorm';

/** What each advocate was offered, so the daily job does not repeat itself within a week. */
export class Suggested1764374400000 implements MigrationInterface {
  name = 'Suggested1764374400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE content.suggested (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        content_id uuid NOT NULL,
        day date NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, content_id, day)
      )`);
    await runner.query('CREATE INDEX suggested_recent ON content.suggested (tenant_id, day)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS content.suggested');
  }
}
