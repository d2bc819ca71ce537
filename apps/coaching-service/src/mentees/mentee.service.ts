import { Injectable } from '@nestjs/common';
import { MenteeView, MyCoach, SendTipBody, TipSent } from '@advocacy/contracts';
import { OutboxWriter, TenantSettingsProjection } from '@advocacy/messaging';
import { AuthContext, Clock, IdGenerator, unprocessable } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { lastWeeks, pointsTrend } from '../projections/week.rules';
import { MenteeRepository } from './mentee.repository';

const TREND_WEEKS = 8;

@Injectable()
export class MenteeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mentees: MenteeRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly tenants: TenantSettingsProjection,
  ) {}

  async list(auth: AuthContext): Promise<z.infer<typeof MenteeView>[]> {
    const rows = await this.mentees.mentees(auth.tenantId, auth.employeeId);
    const weeks = lastWeeks(this.clock.now(), TREND_WEEKS, await this.tenants.get(auth.tenantId));
    const points = await this.mentees.weeklyPoints(
      auth.tenantId,
      rows.map((row) => row.employeeId),
      weeks,
    );
    return rows.map((row) => ({
      assignmentId: row.assignmentId,
      employeeId: row.employeeId,
      displayName: row.displayName,
      kind: row.kind,
      lastShareAt: row.lastShareAt ? row.lastShareAt.toISOString() : null,
      pointsTrend: pointsTrend(weeks, points.get(row.employeeId) ?? new Map()),
    }));
  }

  async myCoach(auth: AuthContext): Promise<z.infer<typeof MyCoach>> {
    const row = await this.mentees.myCoach(auth.tenantId, auth.employeeId);
    return {
      coach: row
        ? {
            employeeId: row.coachId,
            displayName: row.displayName,
            assignmentId: row.assignmentId,
            since: row.since.toISOString(),
          }
        : null,
    };
  }

  /** Sends a tip to the coach's active mentees (or a subset of them) as a `coaching.tip-sent` event. */
  async sendTip(auth: AuthContext, body: SendTipBody): Promise<z.infer<typeof TipSent>> {
    const mentees = new Set(
      (await this.mentees.mentees(auth.tenantId, auth.employeeId)).map((row) => row.employeeId),
    );
    if (mentees.size === 0) throw unprocessable('no_mentees', 'you have no active mentees');
    const strangers = (body.employeeIds ?? []).filter((id) => !mentees.has(id));
    if (strangers.length > 0) {
      throw unprocessable('not_your_mentee', 'tips go only to your active mentees', {
        employeeIds: strangers,
      });
    }
    const employeeIds = body.employeeIds ? [...new Set(body.employeeIds)] : [...mentees];
    const tipId = this.ids.next();
    await this.dataSource.transaction((manager) =>
      this.outbox.add(manager, {
        type: 'coaching.tip-sent',
        tenantId: auth.tenantId,
        subject: auth.employeeId,
        occurredAt: this.clock.now(),
        payload: { tipId, coachId: auth.employeeId, employeeIds, text: body.text },
      }),
    );
    return { tipId, employeeIds };
  }
}
