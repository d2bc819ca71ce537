import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AdvocateProfile, PutDirectoryEntryBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, publishDeactivation, REDIS, replaceDeactivated } from '@advocacy/platform';
import type Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { Advocate, AdvocatesRepository } from './advocates.repository';
import { toProfile } from './profile';

export type DirectorySource = 'scim' | 'admin';
export type AdvocateDraft = Omit<Advocate, 'version' | 'createdAt'>;

/**
 * The one place an advocate is written: it bumps the version (the SCIM ETag), emits
 * `advocate.profile-updated` with the whole profile and, on the step from active to inactive,
 * `advocate.deactivated` — in the transaction of the change, through the outbox. After the commit
 * it tells every service's guard (Redis set + pub/sub) so the person's tokens stop working at once.
 */
@Injectable()
export class DirectoryService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Directory');

  constructor(
    private readonly dataSource: DataSource,
    private readonly advocates: AdvocatesRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async save(
    manager: EntityManager,
    before: Advocate | null,
    draft: AdvocateDraft,
    source: DirectorySource,
    /** The person's address for notifications, when the caller knows it (the sign-in token's `email`). */
    email?: string,
  ): Promise<{ before: Advocate | null; after: Advocate }> {
    const after = await this.advocates.save(manager, draft);
    await this.outbox.add(manager, {
      type: 'advocate.profile-updated',
      tenantId: after.tenantId,
      subject: after.employeeId,
      occurredAt: after.updatedAt,
      payload: {
        employeeId: after.employeeId,
        displayName: after.displayName,
        teamId: after.teamId,
        role: after.role,
        topics: after.topics,
        language: after.language,
        followers: after.followers,
        managerId: after.managerId,
        active: after.active,
        ...(email ? { email } : {}),
      },
    });
    if ((before?.active ?? true) && !after.active) {
      await this.outbox.add(manager, {
        type: 'advocate.deactivated',
        tenantId: after.tenantId,
        subject: after.employeeId,
        occurredAt: after.updatedAt,
        payload: { employeeId: after.employeeId, deactivatedAt: after.updatedAt.toISOString(), source },
      });
    }
    return { before, after };
  }

  /** The coaches group gained or lost this member: coaching follows (`advocate.coach-designated`). */
  async designateCoach(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    coach: boolean,
    source: DirectorySource,
  ): Promise<void> {
    await this.outbox.add(manager, {
      type: 'advocate.coach-designated',
      tenantId,
      subject: employeeId,
      occurredAt: this.clock.now(),
      payload: { employeeId, coach, source },
    });
  }

  async afterCommit(before: Advocate | null, after: Advocate): Promise<void> {
    if ((before?.active ?? true) === after.active) return;
    await publishDeactivation(this.redis, after.tenantId, after.employeeId, !after.active);
  }

  /** An admin sets what the company decides, for tenants without a SCIM client. */
  async putEntry(
    auth: AuthContext,
    employeeId: string,
    body: PutDirectoryEntryBody,
  ): Promise<AdvocateProfile> {
    const now = this.clock.now();
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.advocates.profileForUpdate(manager, auth.tenantId, employeeId);
      return this.save(
        manager,
        current,
        {
          tenantId: auth.tenantId,
          employeeId,
          displayName: body.displayName ?? current?.displayName ?? employeeId,
          teamId: body.teamId !== undefined ? body.teamId : (current?.teamId ?? null),
          managerId: body.managerId !== undefined ? body.managerId : (current?.managerId ?? null),
          externalId: current?.externalId ?? null,
          language: body.language ?? current?.language ?? 'en',
          topics: current?.topics ?? [],
          role: current?.role ?? null,
          followers: body.followers ?? current?.followers ?? {},
          active: body.active ?? current?.active ?? true,
          managed: true,
          updatedAt: now,
        },
        'admin',
      );
    });
    await this.afterCommit(saved.before, saved.after);
    return toProfile(saved.after);
  }

  /** Heals the guards' set from the table: a crash between a commit and its publish is repaired here. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await replaceDeactivated(this.redis, await this.advocates.deactivated(this.dataSource.manager));
    } catch (error) {
      this.logger.error(`could not repair the deactivated set: ${String(error)}`);
    }
  }
}
