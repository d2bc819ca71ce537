import { Controller, Global, Inject, Injectable, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  AnyEnvelope,
  DEFAULT_TENANT_SETTINGS,
  TenantSettings,
  TenantSettingsView,
  TOPICS,
} from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Inbox, MESSAGING_OPTIONS, MessagingOptions } from './outbox';

/**
 * The projection of `tenant.v1` every service but its owner (content) keeps in its own schema: one
 * row per tenant with the newest settings version seen. Its migration comes from
 * `tenantSettingsTableSql`, which may seed rows at version 0 from the settings a service kept
 * itself before the content service owned them, so those tenants keep their zone until the owner
 * publishes (any published version is ≥ 1 and replaces the seed).
 */
export function tenantSettingsTableSql(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}".tenant_settings (
       tenant_id text PRIMARY KEY,
       settings jsonb NOT NULL,
       version integer NOT NULL,
       updated_at timestamptz NOT NULL
     )`,
  ];
}

const CACHE_MS = 5_000;

interface SettingsRow {
  tenantId: string;
  settings: unknown;
  version: number;
  updatedAt: Date;
}

@Injectable()
export class TenantSettingsProjection {
  private readonly cache = new Map<string, { view: TenantSettingsView; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** The tenant's settings as projected; the defaults for a tenant the owner never published. */
  async get(tenantId: string): Promise<TenantSettings> {
    const { version: _version, updatedAt: _updatedAt, ...settings } = await this.view(tenantId);
    return settings;
  }

  /** The settings with the version they came with (0: defaults or a migrated seed). */
  async view(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TenantSettingsView> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.view;
    const rows = await manager.query<SettingsRow[]>(
      `SELECT tenant_id AS "tenantId", settings, version, updated_at AS "updatedAt"
         FROM "${this.options.schema}".tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    const row = rows[0];
    const view: TenantSettingsView = row
      ? {
          ...TenantSettings.parse(row.settings),
          version: row.version,
          updatedAt: row.updatedAt.toISOString(),
        }
      : { ...DEFAULT_TENANT_SETTINGS, version: 0, updatedAt: null };
    this.cache.set(tenantId, { view, until: Date.now() + CACHE_MS });
    return view;
  }

  /**
   * Applies a batch of `tenant.v1` envelopes once each (inbox) and keeps per tenant only the highest
   * version: a redelivered or late older event changes nothing. Returns the tenants that changed.
   */
  async apply(envelopes: readonly AnyEnvelope[]): Promise<string[]> {
    const changed = await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, `${this.options.service}.tenant`, envelopes);
      const tenants: string[] = [];
      for (const envelope of fresh) {
        if (envelope.type !== 'tenant.settings-updated') continue;
        const { version, updatedAt, ...settings } = envelope.payload;
        const rows = await manager.query<{ tenantId: string }[]>(
          `INSERT INTO "${this.options.schema}".tenant_settings (tenant_id, settings, version, updated_at)
           VALUES ($1, $2::jsonb, $3, $4)
           ON CONFLICT (tenant_id) DO UPDATE
             SET settings = EXCLUDED.settings, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
             WHERE "${this.options.schema}".tenant_settings.version < EXCLUDED.version
           RETURNING tenant_id AS "tenantId"`,
          [envelope.tenantId, JSON.stringify(settings), version, updatedAt],
        );
        tenants.push(...rows.map((row) => row.tenantId));
      }
      return tenants;
    });
    // After the commit: a reader between the write and the commit could otherwise cache the old row.
    for (const tenantId of changed) this.cache.delete(tenantId);
    return changed;
  }
}

@Controller()
export class TenantSettingsConsumer {
  constructor(private readonly projection: TenantSettingsProjection) {}

  @EventPattern(TOPICS.tenant.name)
  async onTenantSettings(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    await this.projection.apply(envelopes);
  }
}

/** Import once per service that is not the owner: projects `tenant.v1` and offers the settings everywhere. */
@Global()
@Module({
  controllers: [TenantSettingsConsumer],
  providers: [TenantSettingsProjection],
  exports: [TenantSettingsProjection],
})
export class TenantSettingsModule {}
