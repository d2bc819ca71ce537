import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notification1764892800000 implements MigrationInterface {
  name = 'Notification1764892800000';

  async up(runner: QueryRunner): Promise<void> {
    // Projections of advocate.v1, content.v1, share.v1, suggestion.v1 and points.v1.
    await runner.query(`
      CREATE TABLE notification.advocates (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        display_name text NOT NULL,
        language text NOT NULL,
        email text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE notification.content (
        tenant_id text NOT NULL,
        content_id uuid NOT NULL,
        title text NOT NULL,
        url text NOT NULL,
        summary text,
        campaign_id text,
        archived boolean NOT NULL DEFAULT false,
        shareable_until timestamptz,
        PRIMARY KEY (tenant_id, content_id)
      )`);
    await runner.query(`
      CREATE TABLE notification.shared (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        content_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, content_id)
      )`);
    await runner.query(`
      CREATE TABLE notification.suggested (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        content_id uuid NOT NULL,
        day date NOT NULL,
        reason text NOT NULL,
        suggested_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, content_id, day)
      )`);
    await runner.query('CREATE INDEX suggested_at ON notification.suggested (suggested_at)');
    await runner.query(`
      CREATE TABLE notification.points_weekly (
        tenant_id text NOT NULL,
        week text NOT NULL,
        employee_id text NOT NULL,
        points integer NOT NULL,
        PRIMARY KEY (tenant_id, week, employee_id)
      )`);

    // The in-app inbox: one row per (person, kind, source event), whatever the redeliveries.
    await runner.query(`
      CREATE TABLE notification.notifications (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        UNIQUE (tenant_id, employee_id, kind, source_event_id)
      )`);
    await runner.query(
      'CREATE INDEX notifications_inbox ON notification.notifications (tenant_id, employee_id, created_at DESC)',
    );
    await runner.query('CREATE INDEX notifications_created ON notification.notifications (created_at)');

    await runner.query(`
      CREATE TABLE notification.tenant_defaults (
        tenant_id text PRIMARY KEY,
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE notification.preferences (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        preferences jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);

    // The send queue (outbox of e-mails and webhook posts). idempotency_key is unique per
    // (recipient, kind, source event): a redelivered event or a second replica cannot enqueue twice,
    // and a row is claimed by one worker at a time (lease), so a send happens once per key.
    await runner.query(`
      CREATE TABLE notification.sends (
        id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        tenant_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        recipient text NOT NULL,
        kind text NOT NULL,
        source_event_id uuid,
        payload jsonb,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        not_before timestamptz NOT NULL,
        lease_until timestamptz,
        claimed_by text,
        message_id text,
        last_error text,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX sends_due ON notification.sends (not_before) WHERE status IN ('pending', 'sending')`,
    );
    await runner.query(
      `CREATE INDEX sends_dead ON notification.sends (tenant_id, channel, finished_at) WHERE status = 'dead'`,
    );
    await runner.query('CREATE INDEX sends_created ON notification.sends (created_at)');

    // A digest or a weekly moment runs once per (tenant, subject, local period), across replicas.
    await runner.query(`
      CREATE TABLE notification.schedule_claims (
        tenant_id text NOT NULL,
        job text NOT NULL,
        subject text NOT NULL,
        period text NOT NULL,
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, job, subject, period)
      )`);

    await runner.query(`
      CREATE TABLE notification.webhooks (
        tenant_id text NOT NULL,
        id text NOT NULL,
        flavor text NOT NULL,
        url text NOT NULL,
        secret text,
        moments text[] NOT NULL,
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP TABLE IF EXISTS notification.webhooks, notification.schedule_claims, notification.sends,
         notification.preferences, notification.tenant_defaults, notification.notifications,
         notification.points_weekly, notification.suggested, notification.shared, notification.content,
         notification.advocates`,
    );
  }
}
