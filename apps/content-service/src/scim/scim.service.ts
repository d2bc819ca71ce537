import { Injectable } from '@nestjs/common';
import { ScimGroupBody, ScimListQuery, ScimPatchBody, ScimUserBody } from '@advocacy/contracts';
import { Clock } from '@advocacy/platform';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Advocate, AdvocateFilter, AdvocatesRepository } from '../advocates/advocates.repository';
import { AdvocateDraft, DirectoryService } from '../advocates/directory.service';
import {
  etagOf,
  listResponse,
  memberFromPath,
  pageOf,
  parseFilter,
  patchUser,
  ScimError,
  ScimUserState,
  slugOf,
  stateFromBody,
  stateOf,
  userResource,
} from './scim.resources';
import { Group, GroupFilter, ScimRepository } from './scim.repository';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A resource and the ETag it goes out with. */
export interface Versioned<T> {
  resource: T;
  etag: string;
}

type Saved = { before: Advocate | null; after: Advocate };

/**
 * SCIM 2.0 Users and Groups of one tenant (the tenant is the provisioning token's). Every change
 * goes through the DirectoryService, so it is versioned and published like an admin's change.
 */
@Injectable()
export class ScimService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly advocates: AdvocatesRepository,
    private readonly scim: ScimRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  /** A new provisioning token for the tenant; the old one stops working. Only its hash is kept. */
  async rotateToken(tenantId: string): Promise<{ token: string; createdAt: string }> {
    const token = `scim_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    await this.scim.saveToken(this.dataSource.manager, tenantId, hashOf(token), now);
    return { token, createdAt: now.toISOString() };
  }

  async tenantOf(authorization: string | undefined): Promise<string> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new ScimError(401, 'a bearer provisioning token is required');
    const tenantId = await this.scim.tenantOfToken(this.dataSource.manager, hashOf(match[1]));
    if (!tenantId) throw new ScimError(401, 'the provisioning token is unknown or was rotated');
    return tenantId;
  }

  // ── Users ──────────────────────────────────────────────────────────────────────────────

  async listUsers(tenantId: string, query: ScimListQuery, base: string) {
    const filter = parseFilter(query.filter, ['userName', 'externalId']);
    const where: AdvocateFilter =
      filter === null
        ? null
        : filter.attribute === 'userName'
          ? { userName: filter.value }
          : { externalId: filter.value };
    const page = pageOf(query.startIndex, query.count);
    const manager = this.dataSource.manager;
    const { total, advocates } = await this.advocates.page(manager, tenantId, where, page.offset, page.limit);
    const resources = [];
    for (const advocate of advocates) resources.push(await this.userOf(manager, advocate, base));
    return listResponse(total, page.startIndex, resources);
  }

  async getUser(tenantId: string, id: string, base: string): Promise<Versioned<object>> {
    const advocate = await this.advocates.profile(this.dataSource.manager, tenantId, id);
    if (!advocate) throw new ScimError(404, `user ${id} not found`);
    return this.versioned(this.dataSource.manager, advocate, base);
  }

  async createUser(tenantId: string, body: ScimUserBody, base: string): Promise<Versioned<object>> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.advocates.profileForUpdate(manager, tenantId, body.userName);
      // A profile the employee made before provisioning is adopted; a provisioned one is a conflict.
      if (current?.managed) throw new ScimError(409, `user ${body.userName} exists`, 'uniqueness');
      await this.checkExternalId(manager, tenantId, body.externalId, body.userName);
      const state = stateFromBody(body, current ? stateOf(current) : null);
      return this.save(manager, tenantId, current, state);
    });
    await this.directory.afterCommit(saved.before, saved.after);
    return this.versioned(this.dataSource.manager, saved.after, base);
  }

  async replaceUser(
    tenantId: string,
    id: string,
    body: ScimUserBody,
    ifMatch: string | undefined,
    base: string,
  ): Promise<Versioned<object>> {
    return this.changeUser(tenantId, id, ifMatch, base, async (manager, current) => {
      if (body.userName.toLowerCase() !== current.employeeId.toLowerCase()) {
        throw new ScimError(400, 'userName is the employee id and cannot change', 'mutability');
      }
      await this.checkExternalId(manager, tenantId, body.externalId, current.employeeId);
      return stateFromBody(body, stateOf(current));
    });
  }

  async patchUser(
    tenantId: string,
    id: string,
    body: ScimPatchBody,
    ifMatch: string | undefined,
    base: string,
  ): Promise<Versioned<object>> {
    return this.changeUser(tenantId, id, ifMatch, base, async (manager, current) => {
      const next = patchUser(stateOf(current), body);
      if (next.externalId !== current.externalId) {
        await this.checkExternalId(manager, tenantId, next.externalId ?? undefined, current.employeeId);
      }
      return next;
    });
  }

  /** DELETE deactivates: the person's ledger and history stay, they can no longer sign in or score. */
  async deleteUser(tenantId: string, id: string, ifMatch: string | undefined): Promise<void> {
    await this.changeUser(tenantId, id, ifMatch, '', (_manager, current) =>
      Promise.resolve({ ...stateOf(current), active: false }),
    );
  }

  private async changeUser(
    tenantId: string,
    id: string,
    ifMatch: string | undefined,
    base: string,
    change: (manager: EntityManager, current: Advocate) => Promise<ScimUserState>,
  ): Promise<Versioned<object>> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.advocates.profileForUpdate(manager, tenantId, id);
      if (!current) throw new ScimError(404, `user ${id} not found`);
      checkIfMatch(ifMatch, current.version);
      return this.save(manager, tenantId, current, await change(manager, current));
    });
    await this.directory.afterCommit(saved.before, saved.after);
    return this.versioned(this.dataSource.manager, saved.after, base);
  }

  private save(
    manager: EntityManager,
    tenantId: string,
    current: Advocate | null,
    state: ScimUserState,
    teamId: string | null = current?.teamId ?? null,
  ): Promise<Saved> {
    const draft: AdvocateDraft = {
      tenantId,
      employeeId: current?.employeeId ?? state.userName,
      displayName: state.displayName,
      teamId,
      managerId: state.managerId,
      externalId: state.externalId,
      language: state.language,
      topics: current?.topics ?? [],
      role: current?.role ?? null,
      followers: state.followers,
      active: state.active,
      managed: true,
      updatedAt: this.clock.now(),
    };
    return this.directory.save(manager, current, draft, 'scim');
  }

  private async checkExternalId(
    manager: EntityManager,
    tenantId: string,
    externalId: string | undefined,
    employeeId: string,
  ): Promise<void> {
    if (externalId === undefined) return;
    const holder = await this.advocates.byExternalId(manager, tenantId, externalId);
    if (holder && holder.employeeId !== employeeId) {
      throw new ScimError(409, `externalId ${externalId} belongs to user ${holder.employeeId}`, 'uniqueness');
    }
  }

  private async userOf(manager: EntityManager, advocate: Advocate, base: string) {
    const groups = await this.scim.groupsOf(manager, advocate.tenantId, advocate.employeeId, advocate.teamId);
    return userResource(
      advocate,
      groups.map((group) => ({ id: group.groupId, displayName: group.displayName })),
      base,
    );
  }

  private async versioned(
    manager: EntityManager,
    advocate: Advocate,
    base: string,
  ): Promise<Versioned<object>> {
    return { resource: await this.userOf(manager, advocate, base), etag: etagOf(advocate.version) };
  }

  // ── Groups ─────────────────────────────────────────────────────────────────────────────

  async listGroups(tenantId: string, query: ScimListQuery, base: string) {
    const filter = parseFilter(query.filter, ['displayName', 'externalId']);
    const where: GroupFilter =
      filter === null
        ? null
        : filter.attribute === 'displayName'
          ? { displayName: filter.value }
          : { externalId: filter.value };
    const page = pageOf(query.startIndex, query.count);
    const manager = this.dataSource.manager;
    const { total, groups } = await this.scim.groups(manager, tenantId, where, page.offset, page.limit);
    const resources = [];
    for (const group of groups) resources.push(await this.groupResource(manager, group, base));
    return listResponse(total, page.startIndex, resources);
  }

  async getGroup(tenantId: string, id: string, base: string): Promise<Versioned<object>> {
    const group = await this.scim.group(this.dataSource.manager, tenantId, id);
    if (!group) throw new ScimError(404, `group ${id} not found`);
    return this.groupVersioned(this.dataSource.manager, group, base);
  }

  async createGroup(tenantId: string, body: ScimGroupBody, base: string): Promise<Versioned<object>> {
    const { group, saved } = await this.dataSource.transaction(async (manager) => {
      if (await this.scim.groupByName(manager, tenantId, body.displayName)) {
        throw new ScimError(409, `group ${body.displayName} exists`, 'uniqueness');
      }
      const kind = body.displayName.trim().toLowerCase() === 'coaches' ? 'coaches' : 'team';
      let groupId = slugOf(body.displayName);
      if (await this.scim.group(manager, tenantId, groupId))
        groupId = `${groupId}-${randomBytes(3).toString('hex')}`;
      const created = await this.scim.insertGroup(manager, {
        tenantId,
        groupId,
        displayName: body.displayName,
        externalId: body.externalId ?? null,
        kind,
        createdAt: this.clock.now(),
      });
      const members = await this.setMembers(
        manager,
        created,
        body.members.map((member) => member.value),
        'replace',
      );
      return { group: created, saved: members };
    });
    for (const change of saved) await this.directory.afterCommit(change.before, change.after);
    return this.groupVersioned(this.dataSource.manager, group, base);
  }

  async replaceGroup(
    tenantId: string,
    id: string,
    body: ScimGroupBody,
    ifMatch: string | undefined,
    base: string,
  ): Promise<Versioned<object>> {
    return this.changeGroup(tenantId, id, ifMatch, base, async (manager, group) => {
      const renamed = await this.rename(manager, group, body.displayName, body.externalId ?? null);
      const saved = await this.setMembers(
        manager,
        renamed,
        body.members.map((member) => member.value),
        'replace',
      );
      return { group: renamed, saved };
    });
  }

  async patchGroup(
    tenantId: string,
    id: string,
    body: ScimPatchBody,
    ifMatch: string | undefined,
    base: string,
  ): Promise<Versioned<object>> {
    return this.changeGroup(tenantId, id, ifMatch, base, async (manager, group) => {
      let current = group;
      const saved: Saved[] = [];
      for (const operation of body.Operations) {
        const path = operation.path?.trim();
        const byValuePath = path ? memberFromPath(path) : null;
        if (byValuePath !== null && operation.op === 'remove') {
          saved.push(...(await this.setMembers(manager, current, [byValuePath], 'remove')));
        } else if (path?.toLowerCase() === 'members') {
          const ids =
            operation.op === 'remove' && operation.value === undefined ? null : memberIds(operation.value);
          saved.push(
            ...(ids === null
              ? await this.setMembers(manager, current, [], 'replace')
              : await this.setMembers(
                  manager,
                  current,
                  ids,
                  operation.op === 'replace' ? 'replace' : operation.op,
                )),
          );
        } else if (path?.toLowerCase() === 'displayname' && operation.op !== 'remove') {
          current = await this.rename(
            manager,
            current,
            stringValue(operation.value, 'displayName'),
            current.externalId,
          );
        } else if (path?.toLowerCase() === 'externalid') {
          current = await this.rename(
            manager,
            current,
            current.displayName,
            operation.op === 'remove' ? null : stringValue(operation.value, 'externalId'),
          );
        } else if (!path && operation.op !== 'remove' && isObject(operation.value)) {
          const value = operation.value;
          if (value.displayName !== undefined || value.externalId !== undefined) {
            current = await this.rename(
              manager,
              current,
              value.displayName === undefined
                ? current.displayName
                : stringValue(value.displayName, 'displayName'),
              value.externalId === undefined
                ? current.externalId
                : stringValue(value.externalId, 'externalId'),
            );
          }
          if (value.members !== undefined) {
            saved.push(...(await this.setMembers(manager, current, memberIds(value.members), operation.op)));
          }
        } else {
          throw new ScimError(
            400,
            `operation ${operation.op} on ${path ?? '(no path)'} is not supported`,
            'invalidPath',
          );
        }
      }
      return { group: current, saved };
    });
  }

  async deleteGroup(tenantId: string, id: string, ifMatch: string | undefined): Promise<void> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const group = await this.scim.group(manager, tenantId, id, true);
      if (!group) throw new ScimError(404, `group ${id} not found`);
      checkIfMatch(ifMatch, group.version);
      const changes = await this.setMembers(manager, group, [], 'replace');
      await this.scim.deleteGroup(manager, tenantId, id);
      return changes;
    });
    for (const change of saved) await this.directory.afterCommit(change.before, change.after);
  }

  private async changeGroup(
    tenantId: string,
    id: string,
    ifMatch: string | undefined,
    base: string,
    change: (manager: EntityManager, group: Group) => Promise<{ group: Group; saved: Saved[] }>,
  ): Promise<Versioned<object>> {
    const { group, saved } = await this.dataSource.transaction(async (manager) => {
      const current = await this.scim.group(manager, tenantId, id, true);
      if (!current) throw new ScimError(404, `group ${id} not found`);
      checkIfMatch(ifMatch, current.version);
      const result = await change(manager, current);
      // Membership changes are a change of the group too: its version (ETag) moves.
      const bumped = await this.scim.updateGroup(manager, result.group, this.clock.now());
      return { group: bumped, saved: result.saved };
    });
    for (const change of saved) await this.directory.afterCommit(change.before, change.after);
    return this.groupVersioned(this.dataSource.manager, group, base);
  }

  private async rename(
    manager: EntityManager,
    group: Group,
    displayName: string,
    externalId: string | null,
  ): Promise<Group> {
    if (displayName.toLowerCase() !== group.displayName.toLowerCase()) {
      const holder = await this.scim.groupByName(manager, group.tenantId, displayName);
      if (holder) throw new ScimError(409, `group ${displayName} exists`, 'uniqueness');
    }
    return { ...group, displayName, externalId };
  }

  /**
   * Team membership is the advocate's team: joining a team leaves the previous one (one team per
   * person, as the boards count it). The coaches group keeps its own member list.
   */
  private async setMembers(
    manager: EntityManager,
    group: Group,
    ids: string[],
    mode: 'add' | 'remove' | 'replace',
  ): Promise<Saved[]> {
    const tenantId = group.tenantId;
    const current =
      group.kind === 'team'
        ? (await this.advocates.members(manager, tenantId, group.groupId)).map(
            (advocate) => advocate.employeeId,
          )
        : await this.scim.coaches(manager, tenantId);
    const wanted = new Set(mode === 'replace' ? ids : mode === 'add' ? [...current, ...ids] : current);
    if (mode === 'remove') for (const id of ids) wanted.delete(id);
    const joining = [...wanted].filter((id) => !current.includes(id));
    const leaving = current.filter((id) => !wanted.has(id));
    const saved: Saved[] = [];
    for (const id of joining) {
      const advocate = await this.advocates.profileForUpdate(manager, tenantId, id);
      if (!advocate) throw new ScimError(400, `member ${id} is not a user of this tenant`, 'invalidValue');
      if (group.kind === 'coaches') {
        await this.scim.setCoach(manager, tenantId, id, true);
        await this.directory.designateCoach(manager, tenantId, id, true, 'scim');
      } else saved.push(await this.save(manager, tenantId, advocate, stateOf(advocate), group.groupId));
    }
    for (const id of leaving) {
      if (group.kind === 'coaches') {
        await this.scim.setCoach(manager, tenantId, id, false);
        await this.directory.designateCoach(manager, tenantId, id, false, 'scim');
        continue;
      }
      const advocate = await this.advocates.profileForUpdate(manager, tenantId, id);
      if (advocate) saved.push(await this.save(manager, tenantId, advocate, stateOf(advocate), null));
    }
    return saved;
  }

  private async groupResource(manager: EntityManager, group: Group, base: string) {
    const members =
      group.kind === 'team'
        ? (await this.advocates.members(manager, group.tenantId, group.groupId)).map((advocate) => ({
            value: advocate.employeeId,
            display: advocate.displayName,
          }))
        : (await this.scim.coaches(manager, group.tenantId)).map((id) => ({ value: id }));
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: group.groupId,
      ...(group.externalId ? { externalId: group.externalId } : {}),
      displayName: group.displayName,
      members: members.map((member) => ({
        ...member,
        $ref: `${base}/Users/${encodeURIComponent(member.value)}`,
      })),
      meta: {
        resourceType: 'Group',
        created: group.createdAt.toISOString(),
        lastModified: group.updatedAt.toISOString(),
        version: etagOf(group.version),
        location: `${base}/Groups/${encodeURIComponent(group.groupId)}`,
      },
    };
  }

  private async groupVersioned(
    manager: EntityManager,
    group: Group,
    base: string,
  ): Promise<Versioned<object>> {
    return { resource: await this.groupResource(manager, group, base), etag: etagOf(group.version) };
  }
}

function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const accepted = ifMatch.split(',').map((tag) => tag.trim());
  if (!accepted.includes(etagOf(version)) && !accepted.includes(`"${version}"`)) {
    throw new ScimError(412, `the resource is at version ${etagOf(version)}, not ${ifMatch}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (isObject(item) && typeof item.value === 'string' && item.value.length > 0) return item.value;
    throw new ScimError(400, 'members must be a list of {"value": "<user id>"}', 'invalidValue');
  });
}

function stringValue(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= 256) return value.trim();
  throw new ScimError(400, `${name} must be a non-empty string`, 'invalidValue');
}
