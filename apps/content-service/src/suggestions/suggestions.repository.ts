import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface SuggestedItem {
  contentId: string;
  title: string;
  url: string;
  summary: string | null;
  reason: string | null;
}

export const toSuggestedItem = rowMapper(
  'content.suggested joined with content.items',
  z.object({
    content_id: z.string(),
    title: z.string(),
    url: z.string(),
    summary: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  (row): SuggestedItem => ({
    contentId: row.content_id,
    title: row.title,
    url: row.url,
    summary: row.summary,
    reason: row.reason,
  }),
);

const suggestedRow = z.object({ employee_id: z.string(), content_id: z.string() });
const tenantRow = z.object({ tenant_id: z.string() });

@Injectable()
export class SuggestionsRepository {
  /** Claims the (tenant, local day) run; false when another replica or an earlier run has it. */
  async claimRun(manager: EntityManager, tenantId: string, day: string, at: Date): Promise<boolean> {
    const claimed = await manager.query<unknown[]>(
      `INSERT INTO content.suggestion_runs (tenant_id, day, ran_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, day, at],
    );
    return claimed.length > 0;
  }

  async finishRun(manager: EntityManager, tenantId: string, day: string, suggestions: number): Promise<void> {
    await manager.query(
      'UPDATE content.suggestion_runs SET suggestions = $3 WHERE tenant_id = $1 AND day = $2',
      [tenantId, day, suggestions],
    );
  }

  async suggest(
    manager: EntityManager,
    suggestion: {
      tenantId: string;
      employeeId: string;
      contentIds: readonly string[];
      day: string;
      reason: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO content.suggested (tenant_id, employee_id, content_id, day, reason)
       SELECT $1, $2, unnest($3::uuid[]), $4, $5 ON CONFLICT DO NOTHING`,
      [suggestion.tenantId, suggestion.employeeId, suggestion.contentIds, suggestion.day, suggestion.reason],
    );
  }

  async suggestedOn(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    day: string,
  ): Promise<SuggestedItem[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT s.content_id, i.title, i.url, i.summary, s.reason
       FROM content.suggested s JOIN content.items i ON i.content_id = s.content_id AND i.tenant_id = s.tenant_id
       WHERE s.tenant_id = $1 AND s.employee_id = $2 AND s.day = $3
       ORDER BY i.title, s.content_id`,
      [tenantId, employeeId, day],
    );
    return rows.map(toSuggestedItem);
  }

  /** Per employee, the items offered in the `days` before `day`. */
  async suggestedBefore(
    manager: EntityManager,
    tenantId: string,
    day: string,
    days: number,
  ): Promise<Map<string, Set<string>>> {
    const rows = await manager.query<unknown[]>(
      `SELECT employee_id, content_id FROM content.suggested
       WHERE tenant_id = $1 AND day >= $2::date - $3::int AND day < $2::date`,
      [tenantId, day, days],
    );
    const recent = new Map<string, Set<string>>();
    for (const raw of rows) {
      const row = suggestedRow.parse(raw);
      const seen = recent.get(row.employee_id) ?? new Set<string>();
      seen.add(row.content_id);
      recent.set(row.employee_id, seen);
    }
    return recent;
  }

  async knownTenants(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<unknown[]>(
      'SELECT DISTINCT tenant_id FROM content.profiles ORDER BY tenant_id',
    );
    return rows.map((row) => tenantRow.parse(row).tenant_id);
  }
}
