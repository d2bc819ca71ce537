import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface Source {
  sourceId: string;
  tenantId: string;
  url: string;
  language: string;
  topics: string[];
  createdBy: string;
  createdAt: Date;
  lastPolledAt: Date | null;
  lastError: string | null;
  imported: number;
}

export const toSource = rowMapper(
  'content.sources',
  z.object({
    source_id: z.string(),
    tenant_id: z.string(),
    url: z.string(),
    language: z.string(),
    topics: z.array(z.string()),
    created_by: z.string(),
    created_at: z.date(),
    last_polled_at: z.date().nullable(),
    last_error: z.string().nullable(),
    imported: z.number(),
  }),
  (row): Source => ({
    sourceId: row.source_id,
    tenantId: row.tenant_id,
    url: row.url,
    language: row.language,
    topics: row.topics,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastPolledAt: row.last_polled_at,
    lastError: row.last_error,
    imported: row.imported,
  }),
);

@Injectable()
export class SourcesRepository {
  async insert(
    manager: EntityManager,
    source: Omit<Source, 'lastPolledAt' | 'lastError' | 'imported'>,
  ): Promise<Source | null> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO content.sources (source_id, tenant_id, url, language, topics, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, url) DO NOTHING RETURNING *`,
      [
        source.sourceId,
        source.tenantId,
        source.url,
        source.language,
        source.topics,
        source.createdBy,
        source.createdAt,
      ],
    );
    return rows.length > 0 ? toSource(rows[0]) : null;
  }

  async list(manager: EntityManager, tenantId: string): Promise<Source[]> {
    const rows = await manager.query<unknown[]>(
      'SELECT * FROM content.sources WHERE tenant_id = $1 ORDER BY created_at',
      [tenantId],
    );
    return rows.map(toSource);
  }

  /** Marks due sources as polled now and returns them; replicas skip what another one just claimed. */
  async claimDue(
    manager: EntityManager,
    now: Date,
    dueBefore: Date,
    tenants: readonly string[] | undefined,
    limit: number,
  ): Promise<Source[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE content.sources SET last_polled_at = $1
       WHERE source_id IN (
         SELECT source_id FROM content.sources
         WHERE (last_polled_at IS NULL OR last_polled_at <= $2)
           AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))
         ORDER BY last_polled_at NULLS FIRST LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, dueBefore, tenants ?? null, limit],
    );
    return rows.map(toSource);
  }

  async recordResult(manager: EntityManager, sourceId: string, imported: number, error: string | null) {
    await manager.query(
      'UPDATE content.sources SET imported = imported + $2, last_error = $3 WHERE source_id = $1',
      [sourceId, imported, error],
    );
  }
}
