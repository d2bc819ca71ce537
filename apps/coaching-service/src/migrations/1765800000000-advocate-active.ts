import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the directory still has the advocate (`advocate.deactivated`, or `active` in their profile):
 * a deactivated advocate is not nudged, qualifies for nothing, coaches nobody and leaves their
 * assignments (cancelled).
 */
export class AdvocateActive1765800000000 implements MigrationInterface {
  name = 'AdvocateActive1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE coaching.advocates ADD COLUMN active boolean NOT NULL DEFAULT true`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE coaching.advocates DROP COLUMN IF EXISTS active`);
  }
}
