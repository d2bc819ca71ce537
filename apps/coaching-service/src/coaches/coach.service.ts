import { Injectable } from '@nestjs/common';
import { CoachView, CreateCoachBody, UpdateCoachBody } from '@advocacy/contracts';
import { AuthContext, Clock, conflict, notFound } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService } from '../assignments/assignment.service';
import { CoachRepository } from './coach.repository';

/** Capacity of a coach the directory designates, until an admin sets theirs. */
export const DIRECTORY_COACH_CAPACITY = 3;

@Injectable()
export class CoachService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly coaches: CoachRepository,
    private readonly assignments: AssignmentService,
    private readonly locks: AssignmentRepository,
    private readonly clock: Clock,
  ) {}

  /** Registers a coach; the unassigned queue gets its chance at them in the same transaction. */
  async create(auth: AuthContext, body: CreateCoachBody): Promise<CoachView> {
    return this.dataSource.transaction(async (manager) => {
      await this.locks.lockTenants(manager, [auth.tenantId]);
      const inserted = await this.coaches.insert(manager, auth.tenantId, body, this.clock.now());
      if (!inserted) throw conflict('coach_exists', `${body.employeeId} is already a coach`);
      await this.assignments.rematch(manager, auth.tenantId);
      return this.mustFind(auth.tenantId, body.employeeId, manager);
    });
  }

  async update(auth: AuthContext, employeeId: string, body: UpdateCoachBody): Promise<CoachView> {
    return this.dataSource.transaction(async (manager) => {
      await this.locks.lockTenants(manager, [auth.tenantId]);
      const current = await this.coaches.find(manager, auth.tenantId, employeeId);
      if (!current) throw notFound('coach');
      await this.coaches.update(
        manager,
        auth.tenantId,
        { ...current, ...body, employeeId },
        this.clock.now(),
      );
      await this.assignments.rematch(manager, auth.tenantId);
      return this.mustFind(auth.tenantId, employeeId, manager);
    });
  }

  /**
   * The directory's coaches group changed (`advocate.coach-designated`): a new member becomes a coach
   * with defaults an admin refines (their language, capacity ${DIRECTORY_COACH_CAPACITY}, any team and
   * topic), a returning one is available again; one who left is no longer available and their open
   * assignments go to other coaches. An admin's own settings of an existing coach are kept.
   * The caller holds the tenant lock.
   */
  async fromDirectory(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    coach: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    const current = await this.coaches.find(manager, tenantId, employeeId);
    if (coach) {
      if (!current) {
        const entry = await this.coaches.directoryEntry(manager, tenantId, employeeId);
        await this.coaches.insert(
          manager,
          tenantId,
          {
            employeeId,
            displayName: entry.displayName ?? employeeId,
            languages: [entry.language ?? 'en'],
            teams: [],
            topics: [],
            capacity: DIRECTORY_COACH_CAPACITY,
            available: true,
          },
          now,
        );
      } else if (!current.available) {
        await this.coaches.update(manager, tenantId, { ...current, available: true }, now);
      }
      await this.assignments.rematch(manager, tenantId);
      return;
    }
    if (!current) return;
    if (current.available) {
      await this.coaches.update(manager, tenantId, { ...current, available: false }, now);
    }
    await this.assignments.cancelFor(manager, tenantId, employeeId, 'as-coach');
  }

  list(auth: AuthContext): Promise<CoachView[]> {
    return this.coaches.list(this.dataSource.manager, auth.tenantId);
  }

  private async mustFind(
    tenantId: string,
    employeeId: string,
    manager = this.dataSource.manager,
  ): Promise<CoachView> {
    const coach = await this.coaches.find(manager, tenantId, employeeId);
    if (!coach) throw notFound('coach');
    return coach;
  }
}
