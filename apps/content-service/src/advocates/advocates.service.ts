import { Injectable } from '@nestjs/common';
import { AdvocateProfile, AdvocateRoleDefinition, PutProfileBody, PutRolesBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, unprocessable } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AdvocatesRepository, ProfileRow } from './advocates.repository';
import { DEFAULT_ROLES } from './roles.defaults';

export function toProfile(row: ProfileRow): AdvocateProfile {
  return {
    employeeId: row.employee_id,
    displayName: row.display_name,
    teamId: row.team_id,
    language: row.language,
    topics: row.topics,
    role: row.role,
    followers: row.followers,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Roles on the impact/effort matrix and the advocates' own profiles. */
@Injectable()
export class AdvocatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly advocates: AdvocatesRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** The tenant's roles, or the defaults until an admin saved its own. */
  async roles(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AdvocateRoleDefinition[]> {
    const stored = await this.advocates.roles(manager, tenantId);
    return stored.length > 0 ? stored : [...DEFAULT_ROLES];
  }

  async putRoles(auth: AuthContext, body: PutRolesBody): Promise<{ roles: AdvocateRoleDefinition[] }> {
    await this.dataSource.transaction((manager) =>
      this.advocates.replaceRoles(manager, auth.tenantId, body.roles),
    );
    return { roles: body.roles };
  }

  async profile(auth: AuthContext): Promise<AdvocateProfile> {
    const row = await this.advocates.profile(this.dataSource.manager, auth.tenantId, auth.employeeId);
    if (row) return toProfile(row);
    return {
      employeeId: auth.employeeId,
      displayName: auth.name ?? auth.employeeId,
      teamId: auth.teamId ?? null,
      language: 'en',
      topics: [],
      role: null,
      followers: {},
      updatedAt: null,
    };
  }

  /** Saves the profile and emits `advocate.profile-updated`; any of the tenant's roles may be chosen. */
  async putProfile(auth: AuthContext, body: PutProfileBody): Promise<AdvocateProfile> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      if (body.role !== null) {
        const roles = await this.roles(auth.tenantId, manager);
        if (!roles.some((role) => role.roleId === body.role))
          throw unprocessable('unknown_role', `role "${body.role}" is not one of this tenant's roles`, {
            roles: roles.map((role) => role.roleId),
          });
      }
      const row = await this.advocates.upsertProfile(manager, {
        tenant_id: auth.tenantId,
        employee_id: auth.employeeId,
        display_name: body.displayName,
        team_id: body.teamId !== undefined ? body.teamId : (auth.teamId ?? null),
        language: body.language,
        topics: body.topics,
        role: body.role,
        followers: body.followers,
        updated_at: now,
      });
      await this.outbox.add(manager, {
        type: 'advocate.profile-updated',
        tenantId: auth.tenantId,
        subject: auth.employeeId,
        occurredAt: now,
        payload: {
          employeeId: row.employee_id,
          displayName: row.display_name,
          teamId: row.team_id,
          role: row.role,
          topics: row.topics,
          language: row.language,
          // From the sign-in token (the directory's address), never from the body: nobody points
          // another person's notifications at an inbox of their choosing.
          ...(auth.email ? { email: auth.email } : {}),
          followers: row.followers,
        },
      });
      return toProfile(row);
    });
  }
}
