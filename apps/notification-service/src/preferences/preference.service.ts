import { Injectable } from '@nestjs/common';
import {
  NotificationDefaults,
  NotificationPreferences,
  UpdateNotificationDefaultsBody,
  UpdateNotificationPreferencesBody,
} from '@advocacy/contracts';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { MailKind } from '../email/unsubscribe.token';
import { effectivePreferences, EffectivePreferences } from './preference.rules';
import { PreferenceRepository } from './preference.repository';

@Injectable()
export class PreferenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly preferences: PreferenceRepository,
    private readonly clock: Clock,
  ) {}

  async mine(
    tenantId: string,
    employeeId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ own: NotificationPreferences; effective: EffectivePreferences }> {
    const own = await this.preferences.own(manager, tenantId, employeeId);
    const defaults = await this.preferences.defaults(manager, tenantId);
    return { own, effective: effectivePreferences(own, defaults) };
  }

  /** Fields sent replace the stored ones; `channels` merge per kind. */
  updateMine(tenantId: string, employeeId: string, body: UpdateNotificationPreferencesBody) {
    return this.dataSource.transaction(async (manager) => {
      await this.preferences.lock(manager, tenantId, employeeId);
      const current = await this.preferences.own(manager, tenantId, employeeId);
      const next: NotificationPreferences = {
        channels: { ...current.channels, ...(body.channels ?? {}) },
        digest: body.digest === undefined ? current.digest : body.digest,
        quietHours: body.quietHours === undefined ? current.quietHours : body.quietHours,
        timeZone: body.timeZone === undefined ? current.timeZone : body.timeZone,
      };
      if (next.quietHours === undefined) delete next.quietHours;
      await this.preferences.putOwn(manager, tenantId, employeeId, next, this.clock.now());
      return this.mine(tenantId, employeeId, manager);
    });
  }

  /** The one-click unsubscribe: an immediate kind goes back to in-app, the digest is switched off. */
  unsubscribe(tenantId: string, employeeId: string, kind: MailKind) {
    return this.dataSource.transaction(async (manager) => {
      await this.preferences.lock(manager, tenantId, employeeId);
      const current = await this.preferences.own(manager, tenantId, employeeId);
      const next: NotificationPreferences =
        kind === 'digest'
          ? { ...current, digest: { ...(current.digest ?? {}), enabled: false } }
          : { ...current, channels: { ...current.channels, [kind]: 'in-app' } };
      await this.preferences.putOwn(manager, tenantId, employeeId, next, this.clock.now());
    });
  }

  defaults(tenantId: string): Promise<NotificationDefaults> {
    return this.preferences.defaults(this.dataSource.manager, tenantId);
  }

  updateDefaults(tenantId: string, body: UpdateNotificationDefaultsBody): Promise<NotificationDefaults> {
    return this.dataSource.transaction(async (manager) => {
      await this.preferences.lock(manager, tenantId, '*defaults*');
      const current = await this.preferences.defaults(manager, tenantId);
      const next: NotificationDefaults = {
        channels: { ...current.channels, ...(body.channels ?? {}) },
        digest: { ...current.digest, ...(body.digest ?? {}) },
        quietHours: body.quietHours === undefined ? current.quietHours : body.quietHours,
        timeZone: current.timeZone,
        language: body.language ?? current.language,
      };
      await this.preferences.putDefaults(manager, tenantId, next, this.clock.now());
      return next;
    });
  }
}
