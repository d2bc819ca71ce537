import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface SourceRow {
  source_id: string;
  tenant_id: string;
  url: string;
  language: string;
  topics: string[];
  created_by: string;
  created_at: Date;
  last_polled_at: Date | null;
  last_error: string | null;
  imported: number;
}

@Injectable()
export class SourcesRepository {
  async insert(
    manager: EntityManager,
    row: Omit<SourceRow, 'last_polled_at' | 'last_error' | 'imported'>,
  ): Promise<SourceRow | null> {
    const rows = await manager.query<SourceRow[]>(
      `INSERT INTO content.sources (source_id, tenant_id, url, language, topics, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, url) DO NOTHING RETURNING *`,
      [row.source_id, row.tenant_id, row.url, row.language, row.topics, row.created_by, row.created_at],
    );
    return rows[0] ?? null;
  }

  async list(manager: EntityManager, tenantId: string): Promise<SourceRow[]> {
    return manager.query<SourceRow[]>(
      'SELECT * FROM content.sources WHERE tenant_id = $1 ORDER BY created_at',
      [tenantId],
    );
  }

  /** Marks due sources as polled now and returns them; replicas skip what another one just claimed. */
  async claimDue(
    manager: EntityManager,
    now: Date,
    dueBefore: Date,
    tenants: readonly string[] | undefined,
    limit: number,
  ): Promise<SourceRow[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await manager.query<[SourceRow[], number]>(
      `UPDATE content.sources SET last_polled_at = $1
       WHERE source_id IN (
         SELECT source_id FROM content.sources
         WHERE (last_polled_at IS NULL OR last_polled_at <= $2)
           AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))
         ORDER BY last_polled_at NULLS FIRST LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, dueBefore, tenants ?? null, limit],
    );
    return rows;
  }

  async recordResult(manager: EntityManager, sourceId: string, imported: number, error: string | null) {
    await manager.query(
      'UPDATE content.sources SET imported = imported + $2, last_error = $3 WHERE source_id = $1',
      [sourceId, imported, error],
    );
  }
}
