import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether the directory still has the advocate: a deactivated one's events are recorded at 0. */
export class AdvocateActive1765152000000 implements MigrationInterface {
  name = 'AdvocateActive1765152000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE scoring.advocates ADD COLUMN active boolean NOT NULL DEFAULT true');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE scoring.advocates DROP COLUMN active');
  }
}
