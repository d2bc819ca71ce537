import { Injectable } from '@nestjs/common';
import { AnyEnvelope, GuidelineRules, Network } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface ContentView {
  contentId: string;
  url: string;
  title: string;
  campaignId: string | null;
  shareableFrom: Date | null;
  shareableUntil: Date | null;
  publishedAt: Date;
  status: 'published' | 'archived';
}

export interface CurrentGuidelines {
  version: number;
  rules: GuidelineRules;
}

export interface AdvocateView {
  employeeId: string;
  teamId: string | null;
  followers: Partial<Record<Network, number>>;
}

interface ContentRow {
  content_id: string;
  url: string;
  title: string;
  campaign_id: string | null;
  shareable_from: Date | null;
  shareable_until: Date | null;
  published_at: Date;
  status: 'published' | 'archived';
}

/** What this service knows of content, guidelines, advocates and coaching, kept from their events. */
@Injectable()
export class ProjectionRepository {
  /** Applies one envelope; event types this service does not need are ignored. */
  async apply(manager: EntityManager, envelope: AnyEnvelope): Promise<void> {
    const tenant = envelope.tenantId;
    switch (envelope.type) {
      case 'content.published':
      case 'content.updated': {
        const p = envelope.payload;
        // An update never revives archived content; a new publication does.
        await manager.query(
          `INSERT INTO tracking.contents (tenant_id, content_id, url, title, campaign_id, shareable_from,
                                          shareable_until, published_at, status, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'published', now())
           ON CONFLICT (tenant_id, content_id) DO UPDATE SET url = $3, title = $4, campaign_id = $5,
             shareable_from = $6, shareable_until = $7, published_at = $8, updated_at = now(),
             status = CASE WHEN $9 THEN 'published' ELSE tracking.contents.status END`,
          [
            tenant,
            p.contentId,
            p.url,
            p.title,
            p.campaignId ?? null,
            p.shareableFrom ?? null,
            p.shareableUntil ?? null,
            p.publishedAt,
            envelope.type === 'content.published',
          ],
        );
        return;
      }
      case 'content.archived':
        await manager.query(
          `UPDATE tracking.contents SET status = 'archived', updated_at = now()
           WHERE tenant_id = $1 AND content_id = $2`,
          [tenant, envelope.payload.contentId],
        );
        return;
      case 'guidelines.published':
        await manager.query(
          `INSERT INTO tracking.guideline_versions (tenant_id, version, rules, published_at)
           VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (tenant_id, version) DO UPDATE SET rules = $3::jsonb`,
          [
            tenant,
            envelope.payload.version,
            JSON.stringify(envelope.payload.rules),
            envelope.payload.publishedAt,
          ],
        );
        return;
      case 'guidelines.acknowledged':
        await manager.query(
          `INSERT INTO tracking.guideline_acknowledgements (tenant_id, employee_id, version)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [tenant, envelope.payload.employeeId, envelope.payload.version],
        );
        return;
      case 'advocate.profile-updated':
        await manager.query(
          `INSERT INTO tracking.advocates (tenant_id, employee_id, team_id, followers, updated_at)
           VALUES ($1, $2, $3, $4::jsonb, now())
           ON CONFLICT (tenant_id, employee_id) DO UPDATE SET team_id = $3, followers = $4::jsonb, updated_at = now()`,
          [
            tenant,
            envelope.payload.employeeId,
            envelope.payload.teamId,
            JSON.stringify(envelope.payload.followers),
          ],
        );
        return;
      case 'coach.assigned':
        if (envelope.payload.status !== 'accepted') return;
        await manager.query(
          `INSERT INTO tracking.coach_mentees (tenant_id, assignment_id, coach_id, employee_id)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [tenant, envelope.payload.assignmentId, envelope.payload.coachId, envelope.payload.employeeId],
        );
        return;
      case 'coaching.completed':
        await manager.query(
          'DELETE FROM tracking.coach_mentees WHERE tenant_id = $1 AND assignment_id = $2',
          [tenant, envelope.payload.assignmentId],
        );
        return;
      default:
        return;
    }
  }

  async content(manager: EntityManager, tenantId: string, contentId: string): Promise<ContentView | null> {
    const [row] = await manager.query<ContentRow[]>(
      `SELECT content_id, url, title, campaign_id, shareable_from, shareable_until, published_at, status
       FROM tracking.contents WHERE tenant_id = $1 AND content_id = $2`,
      [tenantId, contentId],
    );
    if (!row) return null;
    return {
      contentId: row.content_id,
      url: row.url,
      title: row.title,
      campaignId: row.campaign_id,
      shareableFrom: row.shareable_from,
      shareableUntil: row.shareable_until,
      publishedAt: row.published_at,
      status: row.status,
    };
  }

  async currentGuidelines(manager: EntityManager, tenantId: string): Promise<CurrentGuidelines | null> {
    const [row] = await manager.query<{ version: number; rules: GuidelineRules }[]>(
      `SELECT version, rules FROM tracking.guideline_versions WHERE tenant_id = $1
       ORDER BY version DESC LIMIT 1`,
      [tenantId],
    );
    return row ? { version: row.version, rules: GuidelineRules.parse(row.rules) } : null;
  }

  async hasAcknowledged(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    version: number,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM tracking.guideline_acknowledgements
       WHERE tenant_id = $1 AND employee_id = $2 AND version = $3`,
      [tenantId, employeeId, version],
    );
    return rows.length > 0;
  }

  async advocate(manager: EntityManager, tenantId: string, employeeId: string): Promise<AdvocateView | null> {
    const [row] = await manager.query<
      { employee_id: string; team_id: string | null; followers: Partial<Record<Network, number>> }[]
    >(
      'SELECT employee_id, team_id, followers FROM tracking.advocates WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
    return row ? { employeeId: row.employee_id, teamId: row.team_id, followers: row.followers } : null;
  }

  async advocates(
    manager: EntityManager,
    tenantId: string,
    employeeIds: string[] | null,
  ): Promise<AdvocateView[]> {
    const rows = await manager.query<
      { employee_id: string; team_id: string | null; followers: Partial<Record<Network, number>> }[]
    >(
      `SELECT employee_id, team_id, followers FROM tracking.advocates
       WHERE tenant_id = $1 AND ($2::text[] IS NULL OR employee_id = ANY($2::text[]))`,
      [tenantId, employeeIds],
    );
    return rows.map((row) => ({
      employeeId: row.employee_id,
      teamId: row.team_id,
      followers: row.followers,
    }));
  }

  async menteesOf(manager: EntityManager, tenantId: string, coachId: string): Promise<string[]> {
    const rows = await manager.query<{ employee_id: string }[]>(
      'SELECT DISTINCT employee_id FROM tracking.coach_mentees WHERE tenant_id = $1 AND coach_id = $2',
      [tenantId, coachId],
    );
    return rows.map((row) => row.employee_id);
  }
}
