import { Injectable } from '@nestjs/common';
import { BaselineFigures, EmvSettings, EngagementKind, Network } from '@advocacy/contracts';
import { DEFAULT_TIME_ZONE, rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ClickFact, EngagementFact, Facts, ShareFact } from './analytics.rules';

export interface Period {
  from: Date;
  to: Date;
}

export interface Baseline {
  baselineId: string;
  source: 'frozen' | 'manual';
  periodFrom: Date | null;
  periodTo: Date | null;
  figures: BaselineFigures;
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

export const toBaseline = rowMapper(
  'tracking.baselines',
  z.object({
    baseline_id: z.string(),
    source: z.enum(['frozen', 'manual']),
    period_from: z.date().nullable(),
    period_to: z.date().nullable(),
    figures: BaselineFigures,
    note: z.string().nullable(),
    created_by: z.string(),
    created_at: z.date(),
  }),
  (row): Baseline => ({
    baselineId: row.baseline_id,
    source: row.source,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    figures: row.figures,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }),
);

interface AttributeRow {
  share_id: string;
  employee_id: string;
  team_id: string | null;
  content_id: string;
  campaign_id: string | null;
  network: Network;
  day: string;
}

const attributes = (row: AttributeRow) => ({
  shareId: row.share_id,
  employeeId: row.employee_id,
  teamId: row.team_id,
  contentId: row.content_id,
  campaignId: row.campaign_id,
  network: row.network,
  day: row.day,
});

// Days are calendar days in the platform's time zone, like the click's visitor day.
const dayOf = (column: string) => `to_char(${column} AT TIME ZONE '${DEFAULT_TIME_ZONE}', 'YYYY-MM-DD')`;

/**
 * Reads the facts of a period, aggregated per share and day. `employees` null means the whole tenant.
 * Withdrawn shares, their clicks and their engagement are left out.
 */
@Injectable()
export class AnalyticsRepository {
  async facts(
    manager: EntityManager,
    tenantId: string,
    employees: string[] | null,
    period: Period,
  ): Promise<Facts> {
    const params = [tenantId, employees, period.from, period.to];
    const scope = `s.tenant_id = $1 AND s.status = 'active' AND ($2::text[] IS NULL OR s.employee_id = ANY($2::text[]))`;
    const shares = await manager.query<(AttributeRow & { followers: number; has_impressions: boolean })[]>(
      `SELECT s.share_id, s.employee_id, s.team_id, s.content_id, s.campaign_id, s.network, ${dayOf('s.created_at')} AS day,
              COALESCE((a.followers ->> s.network)::int, 0) AS followers,
              EXISTS (SELECT 1 FROM tracking.engagement_observations o
                      WHERE o.share_id = s.share_id AND o.kind = 'impression') AS has_impressions
       FROM tracking.shares s
       LEFT JOIN tracking.advocates a ON a.tenant_id = s.tenant_id AND a.employee_id = s.employee_id
       WHERE ${scope} AND s.created_at >= $3 AND s.created_at < $4`,
      params,
    );
    const clicks = await manager.query<
      (AttributeRow & { human_clicks: number; unique_clicks: number; bot_clicks: number })[]
    >(
      `SELECT s.share_id, s.employee_id, s.team_id, s.content_id, s.campaign_id, s.network, ${dayOf('c.clicked_at')} AS day,
              count(*) FILTER (WHERE c.human)::int AS human_clicks,
              count(*) FILTER (WHERE c.is_unique AND c.flagged_at IS NULL)::int AS unique_clicks,
              count(*) FILTER (WHERE NOT c.human)::int AS bot_clicks
       FROM tracking.clicks c JOIN tracking.shares s ON s.share_id = c.share_id
       WHERE c.tenant_id = $1 AND ${scope} AND c.clicked_at >= $3 AND c.clicked_at < $4
       GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      params,
    );
    const engagements = await manager.query<(AttributeRow & { kind: EngagementKind; count: number })[]>(
      `SELECT s.share_id, s.employee_id, s.team_id, s.content_id, s.campaign_id, s.network, ${dayOf('o.observed_at')} AS day,
              o.kind, sum(o.delta)::int AS count
       FROM tracking.engagement_observations o JOIN tracking.shares s ON s.share_id = o.share_id
       WHERE o.tenant_id = $1 AND ${scope} AND o.observed_at >= $3 AND o.observed_at < $4 AND o.delta > 0
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      params,
    );
    return {
      shares: shares.map((row): ShareFact => ({
        ...attributes(row),
        followers: row.followers,
        hasImpressions: row.has_impressions,
      })),
      clicks: clicks.map((row): ClickFact => ({
        ...attributes(row),
        humanClicks: row.human_clicks,
        uniqueClicks: row.unique_clicks,
        botClicks: row.bot_clicks,
      })),
      engagements: engagements.map((row): EngagementFact => ({
        ...attributes(row),
        kind: row.kind,
        count: row.count,
      })),
    };
  }

  async profileCount(manager: EntityManager, tenantId: string, employees: string[] | null): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM tracking.advocates
       WHERE tenant_id = $1 AND ($2::text[] IS NULL OR employee_id = ANY($2::text[]))`,
      [tenantId, employees],
    );
    return row.count;
  }

  async emvSettings(manager: EntityManager, tenantId: string): Promise<EmvSettings | null> {
    const [row] = await manager.query<{ settings: EmvSettings }[]>(
      'SELECT settings FROM tracking.emv_settings WHERE tenant_id = $1',
      [tenantId],
    );
    return row ? row.settings : null;
  }

  async saveEmvSettings(manager: EntityManager, tenantId: string, settings: EmvSettings): Promise<void> {
    await manager.query(
      `INSERT INTO tracking.emv_settings (tenant_id, settings, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (tenant_id) DO UPDATE SET settings = $2::jsonb, updated_at = now()`,
      [tenantId, JSON.stringify(settings)],
    );
  }

  async insertBaseline(manager: EntityManager, tenantId: string, baseline: Baseline): Promise<void> {
    await manager.query(
      `INSERT INTO tracking.baselines (baseline_id, tenant_id, source, period_from, period_to, figures, note, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [
        baseline.baselineId,
        tenantId,
        baseline.source,
        baseline.periodFrom,
        baseline.periodTo,
        JSON.stringify(baseline.figures),
        baseline.note,
        baseline.createdBy,
        baseline.createdAt,
      ],
    );
  }

  async latestBaseline(manager: EntityManager, tenantId: string): Promise<Baseline | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT baseline_id, source, period_from, period_to, figures, note, created_by, created_at
       FROM tracking.baselines WHERE tenant_id = $1 ORDER BY created_at DESC, baseline_id LIMIT 1`,
      [tenantId],
    );
    return rows.length > 0 ? toBaseline(rows[0]) : null;
  }
}
