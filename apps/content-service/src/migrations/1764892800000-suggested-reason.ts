import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reason of a day's suggestions, for `GET /api/v1/suggestions`. */
export class SuggestedReason1764892800000 implements MigrationInterface {
  name = 'SuggestedReason1764892800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE content.suggested ADD COLUMN reason text');
    await runner.query(
      'CREATE INDEX suggested_employee_day ON content.suggested (tenant_id, employee_id, day)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS content.suggested_employee_day');
    await runner.query('ALTER TABLE content.suggested DROP COLUMN IF EXISTS reason');
  }
}
