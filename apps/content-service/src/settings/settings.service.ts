import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  DEFAULT_TENANT_SETTINGS,
  TenantSettings,
  TenantSettingsView,
  TenantSettingsUpdated,
} from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsRepository } from './settings.repository';

/**
 * A tenant's settings, owned here: every change is the next version, written with its
 * `tenant.settings-updated` event in one transaction, and every other service projects it.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.announceMigrated();
  }

  async view(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TenantSettingsView> {
    return (
      (await this.settings.find(manager, tenantId)) ?? {
        ...DEFAULT_TENANT_SETTINGS,
        version: 0,
        updatedAt: null,
      }
    );
  }

  async get(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<TenantSettings> {
    const { version: _version, updatedAt: _updatedAt, ...settings } = await this.view(tenantId, manager);
    return settings;
  }

  async put(tenantId: string, settings: TenantSettings): Promise<TenantSettingsView> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await this.settings.save(manager, tenantId, settings, this.clock.now());
      await this.announce(manager, tenantId, saved);
      return saved;
    });
  }

  /** Publishes the settings that migrated from before this service owned them (once, any replica). */
  async announceMigrated(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const migrated = await this.settings.takeMigrated(manager);
      for (const { tenantId, ...view } of migrated) await this.announce(manager, tenantId, view);
      return migrated.length;
    });
  }

  private async announce(manager: EntityManager, tenantId: string, view: TenantSettingsView): Promise<void> {
    const payload: TenantSettingsUpdated = {
      ...view,
      updatedAt: view.updatedAt ?? this.clock.now().toISOString(),
    };
    await this.outbox.add(manager, {
      type: 'tenant.settings-updated',
      tenantId,
      subject: 'settings',
      occurredAt: new Date(payload.updatedAt),
      payload,
    });
  }
}
