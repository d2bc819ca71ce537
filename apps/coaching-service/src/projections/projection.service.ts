import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService, SYSTEM_ACTOR } from '../assignments/assignment.service';
import { ProjectionRepository } from './projection.repository';
import { isoWeek } from './week.rules';

/**
 * Keeps the service's own view of advocates, shares, points and HEROs. Each batch is one transaction
 * with its inbox claim, so a redelivered batch changes nothing.
 */
@Injectable()
export class ProjectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly projections: ProjectionRepository,
    private readonly assignments: AssignmentService,
    private readonly locks: AssignmentRepository,
  ) {}

  apply(consumer: string, envelopes: readonly AnyEnvelope[]): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, consumer, envelopes);
      const qualifying = fresh.filter((envelope) => envelope.type === 'hero.qualified');
      if (qualifying.length > 0) {
        await this.locks.lockTenants(
          manager,
          qualifying.map((envelope) => envelope.tenantId),
        );
      }
      for (const envelope of fresh) await this.applyOne(manager, envelope);
    });
  }

  private async applyOne(manager: EntityManager, envelope: AnyEnvelope): Promise<void> {
    const tenantId = envelope.tenantId;
    switch (envelope.type) {
      case 'advocate.profile-updated': {
        const profile = envelope.payload;
        await this.projections.upsertProfile(manager, {
          tenantId,
          employeeId: profile.employeeId,
          displayName: profile.displayName,
          teamId: profile.teamId,
          language: profile.language,
          topics: profile.topics,
          at: envelope.occurredAt,
        });
        return;
      }
      case 'share.recorded':
        await this.projections.recordShare(manager, {
          tenantId,
          employeeId: envelope.payload.employeeId,
          teamId: envelope.payload.teamId,
          at: envelope.occurredAt,
        });
        return;
      case 'points.awarded':
        await this.projections.addPoints(manager, {
          tenantId,
          employeeId: envelope.payload.employeeId,
          week: isoWeek(new Date(envelope.payload.occurredAt)),
          points: envelope.payload.points,
        });
        return;
      case 'hero.qualified': {
        const hero = { tenantId, ...envelope.payload, at: envelope.occurredAt };
        await this.projections.heroQualified(manager, hero);
        await this.assignments.open(manager, {
          tenantId,
          employeeId: hero.employeeId,
          kind: 'hero-support',
          actor: SYSTEM_ACTOR,
          note: `HERO ${hero.period}: ${hero.reason}`,
        });
        return;
      }
      case 'hero.lapsed':
        await this.projections.heroLapsed(manager, {
          tenantId,
          ...envelope.payload,
          at: envelope.occurredAt,
        });
        return;
      default:
        return;
    }
  }
}
