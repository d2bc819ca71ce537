import { MigrationInterface, QueryRunner } from 'typeorm';

export class Content1764288000000 implements MigrationInterface {
  name = 'Content1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE content.items (
        content_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        status text NOT NULL,
        title text NOT NULL,
        url text NOT NULL,
        summary text,
        image_url text,
        language text NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        campaign_id text,
        campaign_priority int NOT NULL DEFAULT 0,
        shareable_from timestamptz,
        shareable_until timestamptz,
        captions jsonb NOT NULL DEFAULT '{}',
        submitted_by text,
        created_by text NOT NULL,
        review_comment text,
        source_id uuid,
        published_at timestamptz,
        archived_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (tenant_id, url)
      )`);
    await runner.query('CREATE INDEX items_tenant_status ON content.items (tenant_id, status, published_at)');
    await runner.query(
      "CREATE INDEX items_expiring ON content.items (shareable_until) WHERE status = 'published'",
    );
    await runner.query(`
      CREATE TABLE content.transitions (
        seq bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        content_id uuid NOT NULL REFERENCES content.items (content_id),
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        comment text,
        at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX transitions_content ON content.transitions (content_id, seq)');
    await runner.query(`
      CREATE TABLE content.guidelines (
        tenant_id text NOT NULL,
        version int NOT NULL,
        document text NOT NULL,
        rules jsonb NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, version)
      )`);
    await runner.query(`
      CREATE TABLE content.acknowledgements (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        version int NOT NULL,
        acknowledged_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, version)
      )`);
    await runner.query(`
      CREATE TABLE content.roles (
        tenant_id text NOT NULL,
        role_id text NOT NULL,
        position int NOT NULL,
        name text NOT NULL,
        effort text NOT NULL,
        impact text NOT NULL,
        weekly_share_goal int NOT NULL,
        daily_suggestions int NOT NULL,
        description text NOT NULL,
        PRIMARY KEY (tenant_id, role_id)
      )`);
    await runner.query(`
      CREATE TABLE content.profiles (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        display_name text NOT NULL,
        team_id text,
        language text NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        role text,
        followers jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE content.shares (
        share_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        content_id uuid NOT NULL
      )`);
    await runner.query('CREATE INDEX shares_employee ON content.shares (tenant_id, employee_id)');
    await runner.query(`
      CREATE TABLE content.settings (
        tenant_id text PRIMARY KEY,
        time_zone text NOT NULL,
        suggestion_hour int NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE content.suggestion_runs (
        tenant_id text NOT NULL,
        day date NOT NULL,
        ran_at timestamptz NOT NULL,
        suggestions int NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, day)
      )`);
    await runner.query(`
      CREATE TABLE content.sources (
        source_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        url text NOT NULL,
        language text NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        last_polled_at timestamptz,
        last_error text,
        imported int NOT NULL DEFAULT 0,
        UNIQUE (tenant_id, url)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE IF EXISTS content.transitions, content.items, content.guidelines, content.acknowledgements, content.roles, content.profiles, content.shares, content.settings, content.suggestion_runs, content.sources',
    );
  }
}
