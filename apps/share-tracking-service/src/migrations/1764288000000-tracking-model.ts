import { MigrationInterface, QueryRunner } from 'typeorm';

/** Projections from other services' events, tracked links, clicks, engagement, EMV and baselines. */
export class TrackingModel1764288000000 implements MigrationInterface {
  name = 'TrackingModel1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE tracking.contents (
         tenant_id text NOT NULL,
         content_id uuid NOT NULL,
         url text NOT NULL,
         title text NOT NULL,
         campaign_id text,
         shareable_from timestamptz,
         shareable_until timestamptz,
         published_at timestamptz NOT NULL,
         status text NOT NULL DEFAULT 'published',
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, content_id)
       )`,
      `CREATE TABLE tracking.guideline_versions (
         tenant_id text NOT NULL,
         version int NOT NULL,
         rules jsonb NOT NULL,
         published_at timestamptz NOT NULL,
         PRIMARY KEY (tenant_id, version)
       )`,
      `CREATE TABLE tracking.guideline_acknowledgements (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         version int NOT NULL,
         PRIMARY KEY (tenant_id, employee_id, version)
       )`,
      `CREATE TABLE tracking.advocates (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         team_id text,
         followers jsonb NOT NULL DEFAULT '{}',
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, employee_id)
       )`,
      `CREATE TABLE tracking.coach_mentees (
         tenant_id text NOT NULL,
         assignment_id uuid NOT NULL,
         coach_id text NOT NULL,
         employee_id text NOT NULL,
         PRIMARY KEY (tenant_id, assignment_id)
       )`,
      'CREATE INDEX coach_mentees_coach ON tracking.coach_mentees (tenant_id, coach_id)',
      'ALTER TABLE tracking.shares ADD COLUMN idempotency_key text',
      `ALTER TABLE tracking.shares ADD COLUMN findings jsonb NOT NULL DEFAULT '[]'`,
      'ALTER TABLE tracking.shares ADD COLUMN withdrawn_by text',
      `CREATE UNIQUE INDEX shares_idempotency ON tracking.shares (tenant_id, employee_id, idempotency_key)
         WHERE idempotency_key IS NOT NULL`,
      'CREATE INDEX shares_tenant_created ON tracking.shares (tenant_id, created_at)',
      `CREATE TABLE tracking.clicks (
         click_id uuid PRIMARY KEY,
         tenant_id text NOT NULL,
         share_id uuid NOT NULL,
         visitor_hash text NOT NULL,
         day text NOT NULL,
         clicked_at timestamptz NOT NULL,
         human boolean NOT NULL,
         own boolean NOT NULL,
         capped boolean NOT NULL,
         is_unique boolean NOT NULL
       )`,
      'CREATE INDEX clicks_share_visitor ON tracking.clicks (share_id, visitor_hash, clicked_at)',
      'CREATE INDEX clicks_tenant_time ON tracking.clicks (tenant_id, clicked_at)',
      `CREATE TABLE tracking.click_uniques (
         share_id uuid NOT NULL,
         day text NOT NULL,
         visitor_hash text NOT NULL,
         PRIMARY KEY (share_id, day, visitor_hash)
       )`,
      `CREATE TABLE tracking.engagement_observations (
         observation_id uuid PRIMARY KEY,
         tenant_id text NOT NULL,
         share_id uuid NOT NULL,
         kind text NOT NULL,
         count int NOT NULL,
         delta int NOT NULL,
         observed_at timestamptz NOT NULL,
         external_id text,
         recorded_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE UNIQUE INDEX engagement_external ON tracking.engagement_observations (tenant_id, external_id)
         WHERE external_id IS NOT NULL`,
      'CREATE UNIQUE INDEX engagement_count ON tracking.engagement_observations (share_id, kind, count)',
      'CREATE INDEX engagement_tenant_time ON tracking.engagement_observations (tenant_id, observed_at)',
      `CREATE TABLE tracking.emv_settings (
         tenant_id text PRIMARY KEY,
         settings jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE tracking.baselines (
         baseline_id uuid PRIMARY KEY,
         tenant_id text NOT NULL,
         source text NOT NULL,
         period_from timestamptz,
         period_to timestamptz,
         figures jsonb NOT NULL,
         note text,
         created_by text NOT NULL,
         created_at timestamptz NOT NULL
       )`,
      'CREATE INDEX baselines_tenant ON tracking.baselines (tenant_id, created_at DESC)',
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS tracking.contents, tracking.guideline_versions,
      tracking.guideline_acknowledgements, tracking.advocates, tracking.coach_mentees, tracking.clicks,
      tracking.click_uniques, tracking.engagement_observations, tracking.emv_settings, tracking.baselines`);
    await runner.query('DROP INDEX IF EXISTS tracking.shares_idempotency');
    await runner.query('DROP INDEX IF EXISTS tracking.shares_tenant_created');
    await runner.query(
      'ALTER TABLE tracking.shares DROP COLUMN IF EXISTS idempotency_key, DROP COLUMN IF EXISTS findings, DROP COLUMN IF EXISTS withdrawn_by',
    );
  }
}
