import { Injectable } from '@nestjs/common';
import {
  AdvocateProfile,
  AdvocateRoleDefinition,
  DEFAULT_ADVOCATE_ROLES,
  PutProfileBody,
  PutRolesBody,
} from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, badRequest, Clock, unprocessable } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AdvocatesRepository } from './advocates.repository';
import { toProfile } from './profile';
import { DirectoryService } from './directory.service';

/** Roles on the impact/effort matrix and the advocates' own profiles. */
@Injectable()
export class AdvocatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly advocates: AdvocatesRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The tenant's roles, or the defaults until an admin saved its own. */
  async roles(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AdvocateRoleDefinition[]> {
    const stored = await this.advocates.roles(manager, tenantId);
    return stored.length > 0 ? stored : [...DEFAULT_ADVOCATE_ROLES];
  }

  /** Replaces the roles and tells the other services their goals (`advocate.roles-updated`). */
  async putRoles(auth: AuthContext, body: PutRolesBody): Promise<{ roles: AdvocateRoleDefinition[] }> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.advocates.replaceRoles(manager, auth.tenantId, body.roles);
      await this.outbox.add(manager, {
        type: 'advocate.roles-updated',
        tenantId: auth.tenantId,
        subject: 'roles',
        occurredAt: now,
        payload: {
          roles: body.roles.map(({ roleId, weeklyShareGoal, goalPeriodWeeks }) => ({
            roleId,
            weeklyShareGoal,
            goalPeriodWeeks,
          })),
          updatedAt: now.toISOString(),
        },
      });
    });
    return { roles: body.roles };
  }

  async profile(auth: AuthContext): Promise<AdvocateProfile> {
    const advocate = await this.advocates.profile(this.dataSource.manager, auth.tenantId, auth.employeeId);
    if (advocate) return toProfile(advocate);
    return {
      employeeId: auth.employeeId,
      displayName: auth.name ?? auth.employeeId,
      teamId: auth.teamId ?? null,
      managerId: null,
      language: 'en',
      topics: [],
      role: null,
      followers: {},
      active: true,
      managed: false,
      updatedAt: null,
    };
  }

  /**
   * Saves what the employee chooses (role, topics, language) and emits `advocate.profile-updated`.
   * Team, manager, followers and active state are the directory's; until a directory manages the
   * profile, the team comes from the token's claim as before.
   */
  async putProfile(auth: AuthContext, body: PutProfileBody): Promise<AdvocateProfile> {
    const now = this.clock.now();
    const saved = await this.dataSource.transaction(async (manager) => {
      if (body.role !== null) {
        const roles = await this.roles(auth.tenantId, manager);
        if (!roles.some((role) => role.roleId === body.role))
          throw unprocessable('unknown_role', `role "${body.role}" is not one of this tenant's roles`, {
            roles: roles.map((role) => role.roleId),
          });
      }
      const current = await this.advocates.profileForUpdate(manager, auth.tenantId, auth.employeeId);
      if (current?.managed && body.displayName !== undefined && body.displayName !== current.displayName) {
        throw badRequest("displayName is set by your company's directory", [
          { path: 'displayName', code: 'directory_managed', message: 'set by the directory' },
        ]);
      }
      return this.directory.save(
        manager,
        current,
        {
          tenantId: auth.tenantId,
          employeeId: auth.employeeId,
          displayName:
            (!current?.managed ? body.displayName : undefined) ??
            current?.displayName ??
            auth.name ??
            auth.employeeId,
          teamId: current?.managed ? current.teamId : (auth.teamId ?? current?.teamId ?? null),
          managerId: current?.managerId ?? null,
          externalId: current?.externalId ?? null,
          language: body.language,
          topics: body.topics,
          role: body.role,
          followers: current?.followers ?? {},
          active: current?.active ?? true,
          managed: current?.managed ?? false,
          updatedAt: now,
        },
        'admin',
        // From the sign-in token (the directory's address), never from the body: nobody points
        // another person's notifications at an inbox of their choosing.
        auth.email,
      );
    });
    await this.directory.afterCommit(saved.before, saved.after);
    return toProfile(saved.after);
  }
}
