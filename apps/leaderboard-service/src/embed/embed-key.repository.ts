import { Injectable } from '@nestjs/common';
import type { Period } from '@advocacy/contracts';
import { DataSource } from 'typeorm';

/** An embed key as the service sees it; the secret itself is never stored, only its SHA-256. */
export interface EmbedKeyRecord {
  keyId: string;
  tenantId: string;
  name: string;
  scope: string;
  periods: Period[];
  allowedOrigins: string[];
  secretSha256: Buffer;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface EmbedKeyRow {
  key_id: string;
  tenant_id: string;
  name: string;
  scope: string;
  periods: Period[];
  allowed_origins: string[];
  secret_sha256: Buffer;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = `key_id, tenant_id, name, scope, periods, allowed_origins, secret_sha256, created_by, created_at,
  revoked_at`;

const toRecord = (row: EmbedKeyRow): EmbedKeyRecord => ({
  keyId: row.key_id,
  tenantId: row.tenant_id,
  name: row.name,
  scope: row.scope,
  periods: row.periods,
  allowedOrigins: row.allowed_origins,
  secretSha256: row.secret_sha256,
  createdBy: row.created_by,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

@Injectable()
export class EmbedKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: EmbedKeyRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO leaderboard.embed_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        key.keyId,
        key.tenantId,
        key.name,
        key.scope,
        key.periods,
        key.allowedOrigins,
        key.secretSha256,
        key.createdBy,
        key.createdAt,
        key.revokedAt,
      ],
    );
  }

  /** By id alone: the widget and the stream learn the tenant from the key. */
  async find(keyId: string): Promise<EmbedKeyRecord | null> {
    const rows = await this.dataSource.query<EmbedKeyRow[]>(
      `SELECT ${COLUMNS} FROM leaderboard.embed_keys WHERE key_id = $1`,
      [keyId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Every key of the tenant, revoked ones included, newest first. */
  async list(tenantId: string): Promise<EmbedKeyRecord[]> {
    const rows = await this.dataSource.query<EmbedKeyRow[]>(
      `SELECT ${COLUMNS} FROM leaderboard.embed_keys WHERE tenant_id = $1 ORDER BY created_at DESC, key_id`,
      [tenantId],
    );
    return rows.map(toRecord);
  }

  async countActive(tenantId: string): Promise<number> {
    const rows = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM leaderboard.embed_keys WHERE tenant_id = $1 AND revoked_at IS NULL`,
      [tenantId],
    );
    return rows[0]?.count ?? 0;
  }

  /** Marks the tenant's key revoked (a second revocation keeps the first time); null: no such key. */
  async revoke(tenantId: string, keyId: string, now: Date): Promise<EmbedKeyRecord | null> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const rows = await this.dataSource.query<EmbedKeyRow[]>(
      `WITH revoked AS (
         UPDATE leaderboard.embed_keys SET revoked_at = coalesce(revoked_at, $3)
          WHERE tenant_id = $1 AND key_id = $2 RETURNING ${COLUMNS})
       SELECT * FROM revoked`,
      [tenantId, keyId, now],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Of these ids, the ones revoked by now: open streams check again in case a revocation message was missed. */
  async revokedAmong(keyIds: readonly string[]): Promise<string[]> {
    if (keyIds.length === 0) return [];
    const rows = await this.dataSource.query<{ key_id: string }[]>(
      `SELECT key_id FROM leaderboard.embed_keys WHERE key_id = ANY($1) AND revoked_at IS NOT NULL`,
      [keyIds],
    );
    return rows.map((row) => row.key_id);
  }
}
