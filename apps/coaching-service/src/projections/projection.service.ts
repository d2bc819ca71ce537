import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox, TenantSettingsProjection } from '@advocacy/messaging';
import { groupBy } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService } from '../assignments/assignment.service';
import { CoachService } from '../coaches/coach.service';
import { ActivityDelta, HeroRepository } from '../heroes/hero.repository';
import { utcDay } from '../heroes/hero.rules';
import { activityOf as challengeActivityOf, ChallengeService } from '../challenges/challenge.service';
import { HeroService } from '../heroes/hero.service';
import { InvitationService } from '../invitations/invitation.service';
import { SpreadRepository } from '../programme/spread.repository';
import { AdvocateSeen, ProjectionRepository, WeeklyPoints } from './projection.repository';
import { weekOf } from './week.rules';

/** The events that count towards challenges. */
const COUNTED = new Set<string>(['share.recorded', 'link.clicked', 'points.awarded']);

/**
 * Keeps the service's own view of advocates, shares, points and the tenant's latest baseline. Each batch is one transaction with
 * its inbox claim, so a redelivered batch changes nothing; the HERO rule is evaluated for the
 * advocates the batch touched in that same transaction, so qualification follows activity at once.
 */
@Injectable()
export class ProjectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly projections: ProjectionRepository,
    private readonly locks: AssignmentRepository,
    private readonly heroRecords: HeroRepository,
    private readonly heroes: HeroService,
    private readonly challenges: ChallengeService,
    private readonly tenants: TenantSettingsProjection,
    private readonly invitations: InvitationService,
    private readonly assignments: AssignmentService,
    private readonly spread: SpreadRepository,
    private readonly coaches: CoachService,
  ) {}

  apply(consumer: string, envelopes: readonly AnyEnvelope[]): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, consumer, envelopes);
      const left: { tenantId: string; employeeId: string }[] = [];
      for (const envelope of fresh) {
        const gone = await this.applyOne(manager, envelope);
        if (gone) left.push(gone);
      }
      await this.applyActivity(manager, fresh);
      await this.invitations.onEvents(manager, fresh);
      if (left.length > 0) {
        // Cancelling and re-matching change coaches' load: under the tenant locks, in their order.
        await this.locks.lockTenants(
          manager,
          left.map((advocate) => advocate.tenantId),
        );
        for (const advocate of left) {
          await this.assignments.cancelFor(manager, advocate.tenantId, advocate.employeeId);
        }
      }
      await this.countChallenges(manager, fresh);
      const activity = fresh.flatMap((envelope) => activityOf(envelope));
      if (activity.length === 0) return;
      await this.heroRecords.addActivity(manager, activity);
      const touched = new Map<string, Set<string>>();
      for (const delta of activity) {
        const ids = touched.get(delta.tenantId) ?? new Set<string>();
        ids.add(delta.employeeId);
        touched.set(delta.tenantId, ids);
      }
      // Qualifying opens a coach assignment: it needs the tenant lock that guards coach capacity.
      await this.locks.lockTenants(manager, [...touched.keys()]);
      for (const [tenantId, ids] of [...touched].sort(([a], [b]) => (a < b ? -1 : 1))) {
        await this.heroes.evaluate(manager, tenantId, [...ids].sort());
      }
    });
  }

  /**
   * Shares and points of a batch, a statement per kind rather than per event (they were 2–3
   * statements each, the coaching service's whole cost under load): who shared last, who is known,
   * points per week.
   */
  private async applyActivity(manager: EntityManager, fresh: readonly AnyEnvelope[]): Promise<void> {
    const shares: AdvocateSeen[] = [];
    const named: AdvocateSeen[] = [];
    const weekly: WeeklyPoints[] = [];
    for (const envelope of fresh) {
      const { tenantId, occurredAt: at } = envelope;
      if (envelope.type === 'share.recorded') {
        const { employeeId, teamId } = envelope.payload;
        shares.push({ tenantId, employeeId, teamId, at });
      } else if (envelope.type === 'points.awarded') {
        const { employeeId, teamId, points, occurredAt } = envelope.payload;
        named.push({ tenantId, employeeId, teamId, at });
        const week = weekOf(new Date(occurredAt), await this.tenants.get(tenantId));
        weekly.push({ tenantId, employeeId, week, points });
      }
    }
    await this.projections.recordShares(manager, shares);
    await this.projections.ensureAdvocates(manager, named);
    await this.projections.addPoints(manager, weekly);
  }

  /** Counts the batch towards running challenges, per tenant, with each advocate's team and role. */
  private async countChallenges(manager: EntityManager, fresh: readonly AnyEnvelope[]): Promise<void> {
    const counted = fresh.filter((envelope) => COUNTED.has(envelope.type));
    for (const [tenantId, envelopes] of groupBy(counted, (envelope) => envelope.tenantId)) {
      const ids = envelopes.flatMap((envelope) =>
        'employeeId' in envelope.payload ? [envelope.payload.employeeId] : [],
      );
      const known = await this.projections.whoAre(manager, tenantId, [...new Set(ids)]);
      const who = (employeeId: string) => known.get(employeeId) ?? { teamId: null, role: null };
      await this.challenges.count(
        manager,
        tenantId,
        envelopes.flatMap((envelope) => challengeActivityOf(envelope, who)),
      );
    }
  }

  /** Applies one event other than shares and points (`applyActivity`); returns the advocate when it deactivated them (their assignments end then). */
  private async applyOne(
    manager: EntityManager,
    envelope: AnyEnvelope,
  ): Promise<{ tenantId: string; employeeId: string } | null> {
    const tenantId = envelope.tenantId;
    switch (envelope.type) {
      case 'advocate.coach-designated':
        // Coach capacity changes: under the tenant lock that guards it.
        await this.locks.lockTenants(manager, [tenantId]);
        await this.coaches.fromDirectory(
          manager,
          tenantId,
          envelope.payload.employeeId,
          envelope.payload.coach,
        );
        return null;
      case 'advocate.deactivated': {
        const employeeId = envelope.payload.employeeId;
        const changed = await this.projections.setActive(manager, {
          tenantId,
          employeeId,
          active: false,
          at: envelope.occurredAt,
        });
        return changed ? { tenantId, employeeId } : null;
      }
      case 'advocate.profile-updated': {
        const profile = envelope.payload;
        await this.projections.upsertProfile(manager, {
          tenantId,
          employeeId: profile.employeeId,
          displayName: profile.displayName,
          teamId: profile.teamId,
          language: profile.language,
          topics: profile.topics,
          role: profile.role,
          at: envelope.occurredAt,
        });
        const changed = await this.projections.setActive(manager, {
          tenantId,
          employeeId: profile.employeeId,
          active: profile.active,
          at: envelope.occurredAt,
        });
        return changed && !profile.active ? { tenantId, employeeId: profile.employeeId } : null;
      }
      case 'advocate.roles-updated':
        await this.projections.replaceRoleGoals(
          manager,
          tenantId,
          envelope.payload.roles,
          envelope.payload.updatedAt,
        );
        return null;
      case 'baseline.recorded': {
        const baseline = envelope.payload;
        await this.spread.saveBaseline(manager, tenantId, {
          baselineId: baseline.baselineId,
          participationRate: baseline.participationRate,
          from: baseline.from ? new Date(baseline.from) : null,
          to: baseline.to ? new Date(baseline.to) : null,
          recordedAt: new Date(baseline.recordedAt),
        });
        return null;
      }
      default:
        return null;
    }
  }
}

/** What an event adds to the per-day activity the HERO rule sums over. */
function activityOf(envelope: AnyEnvelope): ActivityDelta[] {
  switch (envelope.type) {
    case 'points.awarded':
      return [
        {
          tenantId: envelope.tenantId,
          employeeId: envelope.payload.employeeId,
          teamId: envelope.payload.teamId,
          day: utcDay(new Date(envelope.payload.occurredAt)),
          points: envelope.payload.points,
          shares: 0,
        },
      ];
    case 'share.recorded':
      return [
        {
          tenantId: envelope.tenantId,
          employeeId: envelope.payload.employeeId,
          teamId: envelope.payload.teamId,
          day: utcDay(new Date(envelope.occurredAt)),
          points: 0,
          shares: 1,
        },
      ];
    default:
      return [];
  }
}
