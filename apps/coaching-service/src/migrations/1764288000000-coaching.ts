import { MigrationInterface, QueryRunner } from 'typeorm';

export class Coaching1764288000000 implements MigrationInterface {
  name = 'Coaching1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE coaching.settings (
        tenant_id text PRIMARY KEY,
        inactivity_days integer NOT NULL,
        escalation_days integer NOT NULL,
        proposal_ttl_hours integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Projection of advocate.v1 and share.v1; the nudge/escalation marks belong to one inactivity spell.
    await runner.query(`
      CREATE TABLE coaching.advocates (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        display_name text,
        team_id text,
        language text,
        topics text[] NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL,
        last_share_at timestamptz,
        nudged_at timestamptz,
        escalated_at timestamptz,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE coaching.points_weekly (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        week text NOT NULL,
        points integer NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, week)
      )`);
    await runner.query(`
      CREATE TABLE coaching.coaches (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        display_name text NOT NULL,
        languages text[] NOT NULL,
        teams text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        capacity integer NOT NULL CHECK (capacity >= 0),
        available boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE coaching.heroes (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'lapsed')),
        since timestamptz NOT NULL,
        lapsed_at timestamptz,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE coaching.hero_history (
        seq bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        event text NOT NULL,
        period text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE coaching.assignments (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        coach_id text,
        kind text NOT NULL,
        state text NOT NULL,
        created_at timestamptz NOT NULL,
        proposed_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    // At most one open assignment per advocate: repeated triggers never pile up.
    await runner.query(`
      CREATE UNIQUE INDEX assignments_one_open ON coaching.assignments (tenant_id, employee_id)
        WHERE state IN ('unassigned', 'proposed', 'accepted')`);
    await runner.query(
      `CREATE INDEX assignments_tenant_coach_state ON coaching.assignments (tenant_id, coach_id, state)`,
    );
    await runner.query(
      `CREATE INDEX assignments_proposed_at ON coaching.assignments (proposed_at) WHERE state = 'proposed'`,
    );
    await runner.query(`
      CREATE TABLE coaching.assignment_transitions (
        seq bigserial PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES coaching.assignments (id),
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        coach_id text,
        actor text NOT NULL,
        note text,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX transitions_assignment ON coaching.assignment_transitions (assignment_id, seq)`,
    );
    await runner.query(
      `CREATE INDEX transitions_employee ON coaching.assignment_transitions (tenant_id, employee_id, to_state)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP TABLE IF EXISTS coaching.assignment_transitions, coaching.assignments, coaching.hero_history,
         coaching.heroes, coaching.coaches, coaching.points_weekly, coaching.advocates, coaching.settings`,
    );
  }
}
