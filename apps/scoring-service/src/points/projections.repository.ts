import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';

export const toAdvocateTeam = rowMapper(
  'scoring.advocates',
  z.object({ team_id: z.string().nullable() }),
  (row): { teamId: string | null } => ({ teamId: row.team_id }),
);

/** Keeps scoring's own copies of content, advocates and coach assignments, learnt from their events. */
@Injectable()
export class ProjectionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies the projection events of a batch in bulk; the latest event per row wins. */
  async apply(manager: EntityManager, envelopes: readonly AnyEnvelope[]): Promise<void> {
    const content = new Map<
      string,
      Extract<AnyEnvelope, { type: 'content.published' | 'content.updated' }>
    >();
    const advocates = new Map<string, Extract<AnyEnvelope, { type: 'advocate.profile-updated' }>>();
    const assignments = new Map<
      string,
      {
        tenantId: string;
        assignmentId: string;
        coachId: string;
        employeeId: string;
        active: boolean;
        ended: boolean;
      }
    >();
    for (const envelope of envelopes) {
      switch (envelope.type) {
        case 'content.published':
        case 'content.updated':
          content.set(`${envelope.tenantId}|${envelope.payload.contentId}`, envelope);
          break;
        case 'advocate.profile-updated':
          advocates.set(`${envelope.tenantId}|${envelope.payload.employeeId}`, envelope);
          break;
        case 'coach.assigned': {
          const key = `${envelope.tenantId}|${envelope.payload.assignmentId}`;
          const ended = assignments.get(key)?.ended ?? false;
          assignments.set(key, {
            tenantId: envelope.tenantId,
            assignmentId: envelope.payload.assignmentId,
            coachId: envelope.payload.coachId,
            employeeId: envelope.payload.employeeId,
            active: envelope.payload.status === 'accepted' && !ended,
            ended,
          });
          break;
        }
        case 'coaching.completed':
          assignments.set(`${envelope.tenantId}|${envelope.payload.assignmentId}`, {
            tenantId: envelope.tenantId,
            assignmentId: envelope.payload.assignmentId,
            coachId: envelope.payload.coachId,
            employeeId: envelope.payload.employeeId,
            active: false,
            ended: true,
          });
          break;
        default:
          break;
      }
    }
    if (content.size > 0) {
      const rows = [...content.values()];
      await manager.query(
        `INSERT INTO scoring.content (tenant_id, content_id, title, campaign_id, shareable_from, shareable_until,
                                      submitted_by, published_at)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                              $7::text[], $8::timestamptz[])
         ON CONFLICT (tenant_id, content_id) DO UPDATE SET
           title = excluded.title, campaign_id = excluded.campaign_id, shareable_from = excluded.shareable_from,
           shareable_until = excluded.shareable_until, submitted_by = excluded.submitted_by,
           published_at = excluded.published_at`,
        [
          rows.map((e) => e.tenantId),
          rows.map((e) => e.payload.contentId),
          rows.map((e) => e.payload.title),
          rows.map((e) => e.payload.campaignId ?? null),
          rows.map((e) => e.payload.shareableFrom ?? null),
          rows.map((e) => e.payload.shareableUntil ?? null),
          rows.map((e) => e.payload.submittedBy ?? null),
          rows.map((e) => e.payload.publishedAt),
        ],
      );
    }
    if (advocates.size > 0) {
      const rows = [...advocates.values()];
      await manager.query(
        `INSERT INTO scoring.advocates (tenant_id, employee_id, team_id, role, active)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
         ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
           team_id = excluded.team_id, role = excluded.role, active = excluded.active`,
        [
          rows.map((e) => e.tenantId),
          rows.map((e) => e.payload.employeeId),
          rows.map((e) => e.payload.teamId),
          rows.map((e) => e.payload.role),
          rows.map((e) => e.payload.active),
        ],
      );
    }
    if (assignments.size > 0) {
      const rows = [...assignments.values()];
      // An ended assignment stays ended, whatever order its events are replayed in.
      await manager.query(
        `INSERT INTO scoring.coach_assignments (tenant_id, assignment_id, coach_id, employee_id, active, ended)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::boolean[])
         ON CONFLICT (tenant_id, assignment_id) DO UPDATE SET
           ended = coach_assignments.ended OR excluded.ended,
           active = excluded.active AND NOT (coach_assignments.ended OR excluded.ended)`,
        [
          rows.map((r) => r.tenantId),
          rows.map((r) => r.assignmentId),
          rows.map((r) => r.coachId),
          rows.map((r) => r.employeeId),
          rows.map((r) => r.active),
          rows.map((r) => r.ended),
        ],
      );
    }
  }

  async isCoachOf(tenantId: string, coachId: string, employeeId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM scoring.coach_assignments
       WHERE tenant_id = $1 AND coach_id = $2 AND employee_id = $3 AND active LIMIT 1`,
      [tenantId, coachId, employeeId],
    );
    return rows.length > 0;
  }

  async advocate(tenantId: string, employeeId: string): Promise<{ teamId: string | null } | null> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT team_id FROM scoring.advocates WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
    return rows.length > 0 ? toAdvocateTeam(rows[0]) : null;
  }
}
