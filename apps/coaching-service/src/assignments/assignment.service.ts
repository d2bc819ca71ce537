import { Injectable } from '@nestjs/common';
import {
  AssignmentKind,
  AssignmentQuery,
  AssignmentView,
  CreateAssignmentBody,
  DEFAULT_COACHING_SETTINGS,
  UnassignedView,
  UnmatchedReason,
} from '@advocacy/contracts';
import { AnyNewEvent, OutboxWriter } from '@advocacy/messaging';
import {
  AuthContext,
  Clock,
  conflict,
  forbidden,
  hasRole,
  IdGenerator,
  notFound,
  unprocessable,
} from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentAction, isActive, needsNextProposal, transition } from './assignment.rules';
import { Assignment, AssignmentRepository } from './assignment.repository';
import { isEligible, matchCoach, unmatchedReason, waitingHours } from './matching.rules';

const REASON_WORDS: Readonly<Record<UnmatchedReason, string>> = {
  'no-coaches': 'there is no coach yet',
  'no-language-match': 'no coach speaks their language',
  'no-capacity': 'every coach who fits is at capacity',
  'coaches-unavailable': 'every coach who fits is marked unavailable',
  'all-declined': 'every coach who fits declined or let the proposal expire',
};

/** The actor recorded for transitions nobody clicked: triggers, expiry, re-matching. */
export const SYSTEM_ACTOR = 'system';

export interface OpenRequest {
  tenantId: string;
  employeeId: string;
  kind: AssignmentKind;
  actor: string;
  note?: string | null;
  /** Propose exactly this coach (manual assignment); they must still be eligible. */
  coachId?: string;
}

const toAssignmentView = (assignment: Assignment): AssignmentView => ({
  id: assignment.id,
  employeeId: assignment.employeeId,
  coachId: assignment.coachId,
  kind: assignment.kind,
  state: assignment.state,
  createdAt: assignment.createdAt.toISOString(),
  proposedAt: assignment.proposedAt ? assignment.proposedAt.toISOString() : null,
  updatedAt: assignment.updatedAt.toISOString(),
});

export type OpenResult =
  | { outcome: 'opened'; assignment: Assignment }
  | { outcome: 'already-open'; assignment: Assignment }
  | { outcome: 'coach-not-eligible' }
  | { outcome: 'advocate-inactive' };

/**
 * The assignment workflow. Every method that can change a coach's load runs under the tenant's
 * advisory lock (AssignmentRepository.lockTenants), so capacity holds across replicas.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AssignmentRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Opens an assignment for an advocate unless one is already open. The caller holds the tenant lock. */
  async open(manager: EntityManager, request: OpenRequest): Promise<OpenResult> {
    const existing = await this.repository.findOpen(manager, request.tenantId, request.employeeId);
    if (existing) return { outcome: 'already-open', assignment: existing };
    if (!(await this.repository.isActive(manager, request.tenantId, request.employeeId))) {
      return { outcome: 'advocate-inactive' };
    }
    const now = this.clock.now();
    const advocate = await this.repository.advocate(manager, request.tenantId, request.employeeId);
    const excluded = await this.repository.excludedCoaches(manager, request.tenantId, request.employeeId);
    const coaches = await this.repository.candidates(manager, request.tenantId);
    let coachId: string | null;
    if (request.coachId !== undefined) {
      const wanted = coaches.find((coach) => coach.employeeId === request.coachId);
      if (!wanted || !isEligible(wanted, advocate, excluded)) return { outcome: 'coach-not-eligible' };
      coachId = wanted.employeeId;
    } else {
      coachId = matchCoach(advocate, coaches, excluded)?.employeeId ?? null;
    }
    const assignment: Assignment = {
      id: this.ids.next(),
      tenantId: request.tenantId,
      employeeId: request.employeeId,
      coachId,
      kind: request.kind,
      state: coachId ? 'proposed' : 'unassigned',
      createdAt: now,
      proposedAt: coachId ? now : null,
      updatedAt: now,
    };
    await this.repository.insert(manager, assignment);
    await this.repository.record(manager, assignment, {
      from: null,
      to: assignment.state,
      coachId,
      actor: request.actor,
      note: request.note ?? null,
      at: now,
    });
    if (coachId) await this.outbox.add(manager, this.assignedEvent(assignment, 'proposed'));
    return { outcome: 'opened', assignment };
  }

  /** Proposes free coaches to the unassigned queue, oldest first. The caller holds the tenant lock. */
  async rematch(manager: EntityManager, tenantId: string): Promise<number> {
    const waiting = await this.repository.unassigned(manager, tenantId);
    if (waiting.length === 0) return 0;
    const coaches = await this.repository.candidates(manager, tenantId);
    let proposed = 0;
    for (const assignment of waiting) {
      const advocate = await this.repository.advocate(manager, tenantId, assignment.employeeId);
      const excluded = await this.repository.excludedCoaches(manager, tenantId, assignment.employeeId);
      const coach = matchCoach(advocate, coaches, excluded);
      if (!coach) continue;
      coach.load += 1;
      await this.move(manager, assignment, 'propose', {
        actor: SYSTEM_ACTOR,
        note: null,
        coachId: coach.employeeId,
      });
      proposed += 1;
    }
    return proposed;
  }

  async create(auth: AuthContext, body: CreateAssignmentBody): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockTenants(manager, [auth.tenantId]);
      const result = await this.open(manager, {
        tenantId: auth.tenantId,
        employeeId: body.employeeId,
        kind: body.kind,
        actor: auth.employeeId,
        note: body.note ?? null,
        coachId: body.coachId,
      });
      switch (result.outcome) {
        case 'opened':
          return toAssignmentView(result.assignment);
        case 'already-open':
          throw conflict('assignment_open', `${body.employeeId} already has an open assignment`, {
            assignmentId: result.assignment.id,
          });
        case 'advocate-inactive':
          throw unprocessable(
            'advocate_inactive',
            `${body.employeeId} was deactivated by the directory and cannot be coached`,
          );
        case 'coach-not-eligible':
          throw unprocessable(
            'coach_not_eligible',
            `${body.coachId ?? ''} is not an available coach with free capacity who speaks the advocate's language and has not declined them`,
          );
      }
    });
  }

  /** accept | decline | complete by the assigned coach or an admin. */
  async act(
    auth: AuthContext,
    id: string,
    action: Extract<AssignmentAction, 'accept' | 'decline' | 'complete'>,
    note: string | null,
  ): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockTenants(manager, [auth.tenantId]);
      const assignment = await this.repository.findForUpdate(manager, auth.tenantId, id);
      if (!assignment) throw notFound('assignment');
      if (!hasRole(auth, 'admin') && assignment.coachId !== auth.employeeId) {
        throw forbidden('only the assigned coach or an admin may do this');
      }
      const moved = await this.move(manager, assignment, action, { actor: auth.employeeId, note });
      await this.afterEnd(manager, moved);
      return toAssignmentView(moved);
    });
  }

  /**
   * The directory deactivated this person: every open assignment they are in is cancelled. As the
   * advocate they leave the queue; as a coach (now never a candidate) their advocates are matched
   * again at once. The caller holds the tenant lock.
   */
  async cancelFor(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    /** `as-coach`: only where they coach (they left the coaches group, not the company). */
    scope: 'all' | 'as-coach' = 'all',
  ): Promise<number> {
    const open = (await this.repository.openInvolving(manager, tenantId, employeeId)).filter(
      (assignment) => scope === 'all' || assignment.coachId === employeeId,
    );
    for (const assignment of open) {
      const asAdvocate = assignment.employeeId === employeeId;
      await this.move(manager, assignment, 'cancel', {
        actor: SYSTEM_ACTOR,
        note: asAdvocate
          ? 'the advocate was deactivated by the directory'
          : scope === 'all'
            ? `coach ${employeeId} was deactivated by the directory`
            : `${employeeId} left the directory's coaches group`,
      });
      if (!asAdvocate) {
        await this.open(manager, {
          tenantId,
          employeeId: assignment.employeeId,
          kind: assignment.kind,
          actor: SYSTEM_ACTOR,
          note: `after coach ${employeeId} left`,
        });
      }
    }
    if (open.length > 0) await this.rematch(manager, tenantId);
    return open.length;
  }

  /** Expires proposals older than the tenant's time-to-live and proposes the next coach. */
  async expireProposals(): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const due = await this.repository.dueProposals(
        manager,
        now,
        DEFAULT_COACHING_SETTINGS.proposalTtlHours,
      );
      if (due.length === 0) return 0;
      await this.repository.lockTenants(
        manager,
        due.map((row) => row.tenantId),
      );
      let expired = 0;
      for (const candidate of due) {
        // Re-read under the lock: a coach may have accepted in the meantime.
        const assignment = await this.repository.findForUpdate(manager, candidate.tenantId, candidate.id);
        if (!assignment || assignment.state !== 'proposed') continue;
        const moved = await this.move(manager, assignment, 'expire', {
          actor: SYSTEM_ACTOR,
          note: 'proposal not accepted in time',
        });
        await this.afterEnd(manager, moved);
        expired += 1;
      }
      return expired;
    });
  }

  /**
   * Raises `coaching.unassigned-alert` once for every advocate who waited for a coach longer than the
   * tenant's `unassignedAlertHours`, with the reason nobody fits as it stands now.
   */
  async alertUnassigned(): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const due = await this.repository.dueAlerts(
        manager,
        now,
        DEFAULT_COACHING_SETTINGS.unassignedAlertHours,
      );
      if (due.length === 0) return 0;
      await this.repository.lockTenants(
        manager,
        due.map((row) => row.tenantId),
      );
      let alerted = 0;
      for (const assignment of due) {
        if (!(await this.repository.markAlerted(manager, assignment.id, now))) continue;
        const advocate = await this.repository.advocate(manager, assignment.tenantId, assignment.employeeId);
        const reason = (await this.reasonFor(manager, assignment)) ?? 'no-capacity';
        const hours = waitingHours(assignment.createdAt, now);
        await this.outbox.add(manager, {
          type: 'coaching.unassigned-alert',
          tenantId: assignment.tenantId,
          subject: assignment.employeeId,
          occurredAt: now,
          payload: {
            assignmentId: assignment.id,
            employeeId: assignment.employeeId,
            kind: assignment.kind,
            waitingSince: assignment.createdAt.toISOString(),
            waitingHours: hours,
            reason,
            language: advocate.language,
            message: `${assignment.employeeId} has waited ${hours} h for a coach: ${REASON_WORDS[reason]}`,
          },
        });
        alerted += 1;
      }
      return alerted;
    });
  }

  /** The admin view of everyone waiting for a coach, with the reason nobody fits. */
  async waiting(auth: AuthContext): Promise<UnassignedView[]> {
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const rows = await this.repository.waiting(manager, auth.tenantId);
    const views: UnassignedView[] = [];
    for (const row of rows) {
      views.push({
        assignmentId: row.id,
        employeeId: row.employeeId,
        displayName: row.displayName,
        kind: row.kind,
        language: row.language,
        waitingSince: row.createdAt.toISOString(),
        waitingHours: waitingHours(row.createdAt, now),
        // A coach may have become free since the last re-match; the next one will take them.
        reason: (await this.reasonFor(manager, row)) ?? 'no-capacity',
        alertedAt: row.alertedAt ? row.alertedAt.toISOString() : null,
      });
    }
    return views;
  }

  private async reasonFor(manager: EntityManager, assignment: Assignment) {
    const advocate = await this.repository.advocate(manager, assignment.tenantId, assignment.employeeId);
    const excluded = await this.repository.excludedCoaches(
      manager,
      assignment.tenantId,
      assignment.employeeId,
    );
    const coaches = await this.repository.candidates(manager, assignment.tenantId);
    return unmatchedReason(advocate, coaches, excluded);
  }

  async list(auth: AuthContext, query: AssignmentQuery): Promise<AssignmentView[]> {
    const mine = query.mine === true;
    if (mine && !hasRole(auth, 'coach', 'admin')) throw forbidden('requires role coach');
    if (!mine && !hasRole(auth, 'admin')) throw forbidden('requires role admin (coaches use ?mine=true)');
    const rows = await this.repository.list(this.dataSource.manager, auth.tenantId, {
      state: query.state,
      kind: query.kind,
      coachId: mine ? auth.employeeId : query.coachId,
      employeeId: query.employeeId,
      limit: query.limit,
    });
    return rows.map(toAssignmentView);
  }

  /** One assignment with its history: admins, its coach and the advocate themself may look. */
  async get(auth: AuthContext, id: string): Promise<AssignmentView> {
    const manager = this.dataSource.manager;
    const row = await this.repository.find(manager, auth.tenantId, id);
    if (!row) throw notFound('assignment');
    const allowed =
      hasRole(auth, 'admin') || row.coachId === auth.employeeId || row.employeeId === auth.employeeId;
    if (!allowed) throw forbidden('not your assignment');
    const transitions = await this.repository.transitions(manager, auth.tenantId, id);
    return {
      ...toAssignmentView(row),
      transitions: transitions.map((item) => ({ ...item, at: item.at.toISOString() })),
    };
  }

  /** After an assignment left the active states: propose the advocate to the next coach, re-match the queue. */
  private async afterEnd(manager: EntityManager, assignment: Assignment): Promise<void> {
    if (isActive(assignment.state)) return;
    if (needsNextProposal(assignment.state)) {
      await this.open(manager, {
        tenantId: assignment.tenantId,
        employeeId: assignment.employeeId,
        kind: assignment.kind,
        actor: SYSTEM_ACTOR,
        note: `after ${assignment.state} proposal ${assignment.id}`,
      });
    }
    await this.rematch(manager, assignment.tenantId);
  }

  /** Applies one transition: state, history row and event, or a 409 when the machine refuses. */
  private async move(
    manager: EntityManager,
    assignment: Assignment,
    action: AssignmentAction,
    by: { actor: string; note: string | null; coachId?: string },
  ): Promise<Assignment> {
    const result = transition(assignment.state, action);
    if (!result.ok) throw conflict('illegal_transition', result.reason, { state: assignment.state, action });
    const now = this.clock.now();
    const coachId = by.coachId ?? assignment.coachId;
    const moved: Assignment = {
      ...assignment,
      state: result.to,
      coachId,
      proposedAt: action === 'propose' ? now : assignment.proposedAt,
      updatedAt: now,
    };
    await this.repository.update(manager, assignment.id, {
      state: moved.state,
      coachId: moved.coachId,
      proposedAt: moved.proposedAt,
      at: now,
    });
    await this.repository.record(manager, assignment, {
      from: assignment.state,
      to: moved.state,
      coachId,
      actor: by.actor,
      note: by.note,
      at: now,
    });
    const event = this.eventFor(moved, by.note);
    if (event) await this.outbox.add(manager, event);
    return moved;
  }

  private eventFor(assignment: Assignment, note: string | null): AnyNewEvent | null {
    switch (assignment.state) {
      case 'proposed':
      case 'accepted':
        return this.assignedEvent(assignment, assignment.state);
      case 'declined':
      case 'expired':
      case 'completed':
      case 'cancelled':
        return {
          type: 'coaching.completed',
          tenantId: assignment.tenantId,
          subject: assignment.employeeId,
          occurredAt: this.clock.now(),
          payload: {
            assignmentId: assignment.id,
            coachId: assignment.coachId ?? SYSTEM_ACTOR,
            employeeId: assignment.employeeId,
            outcome: assignment.state,
            ...(note ? { note } : {}),
          },
        };
      case 'unassigned':
        return null;
    }
  }

  private assignedEvent(assignment: Assignment, status: 'proposed' | 'accepted'): AnyNewEvent {
    return {
      type: 'coach.assigned',
      tenantId: assignment.tenantId,
      subject: assignment.employeeId,
      occurredAt: this.clock.now(),
      payload: {
        assignmentId: assignment.id,
        coachId: assignment.coachId ?? SYSTEM_ACTOR,
        employeeId: assignment.employeeId,
        kind: assignment.kind,
        status,
      },
    };
  }
}
