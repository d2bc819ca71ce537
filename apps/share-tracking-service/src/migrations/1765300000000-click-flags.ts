import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a click was judged fraudulent after it had counted (a burst that passed the cap). */
export class ClickFlags1765300000000 implements MigrationInterface {
  name = 'ClickFlags1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tracking.clicks ADD COLUMN flagged_at timestamptz');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tracking.clicks DROP COLUMN IF EXISTS flagged_at');
  }
}
