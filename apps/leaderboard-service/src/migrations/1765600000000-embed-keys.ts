import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-only embed keys for the widget and its stream. Only the SHA-256 of the secret is kept: the
 * secret is 256 random bits, so a fast hash is enough (no password stretching needed) and a leaked
 * table lets nobody open a stream.
 */
export class EmbedKeys1765600000000 implements MigrationInterface {
  name = 'EmbedKeys1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE leaderboard.embed_keys (
        key_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        scope text NOT NULL,
        periods text[] NOT NULL CHECK (cardinality(periods) > 0),
        allowed_origins text[] NOT NULL DEFAULT '{}',
        secret_sha256 bytea NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await runner.query(`CREATE INDEX embed_keys_tenant ON leaderboard.embed_keys (tenant_id, created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS leaderboard.embed_keys`);
  }
}
