import { Injectable, Logger } from '@nestjs/common';
import { AnyNewEvent, OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AdvocatesRepository } from '../advocates/advocates.repository';
import { AdvocatesService } from '../advocates/advocates.service';
import { DEFAULT_DAILY_SUGGESTIONS } from '../advocates/roles.defaults';
import { FeedService } from '../feed/feed.service';
import { SettingsService } from '../settings/settings.service';
import { pickSuggestions, suggestionReason, suggestionSlot } from './suggestions.rules';
import type { SuggestionsToday } from '@advocacy/contracts';

/** An item offered once is not offered again for this many days. */
const SUGGESTION_MEMORY_DAYS = 7;

export interface SuggestionRun {
  tenantId: string;
  day: string;
  suggested: number;
}

@Injectable()
export class SuggestionsService {
  private readonly logger = new Logger('SuggestionsService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly advocates: AdvocatesService,
    private readonly profiles: AdvocatesRepository,
    private readonly feed: FeedService,
    private readonly settings: SettingsService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * For every tenant whose local suggestion hour has come today, picks each advocate's daily items and
   * emits `content.suggested`. The (tenant, local day) row is claimed in the same transaction as the
   * events: a second replica blocks on the unique key, then finds it taken and does nothing.
   */
  async runDailySuggestions(options: { tenants?: readonly string[] } = {}): Promise<SuggestionRun[]> {
    const now = this.clock.now();
    const tenants = options.tenants ?? (await this.knownTenants());
    const runs: SuggestionRun[] = [];
    for (const tenantId of tenants) {
      try {
        const run = await this.runTenant(tenantId, now);
        if (run) runs.push(run);
      } catch (error) {
        this.logger.error(`daily suggestions for ${tenantId} failed: ${String(error)}`);
      }
    }
    return runs;
  }

  private async runTenant(tenantId: string, now: Date): Promise<SuggestionRun | null> {
    const settings = await this.settings.get(tenantId);
    const slot = suggestionSlot(now, settings.timeZone, settings.suggestionHour);
    if (!slot.due) return null;
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO content.suggestion_runs (tenant_id, day, ran_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [tenantId, slot.day, now],
      );
      if (claimed.length === 0) return null;
      const roles = await this.advocates.roles(tenantId, manager);
      const recent = await this.recentlySuggested(manager, tenantId, slot.day);
      const events: AnyNewEvent[] = [];
      for (const profile of await this.profiles.profiles(manager, tenantId)) {
        const role = roles.find((candidate) => candidate.roleId === profile.role);
        const count = role?.dailySuggestions ?? DEFAULT_DAILY_SUGGESTIONS;
        const ranked = await this.feed.ranked(
          manager,
          tenantId,
          {
            employeeId: profile.employeeId,
            language: profile.language,
            topics: profile.topics,
            followers: profile.followers,
          },
          now,
        );
        const contentIds = pickSuggestions(ranked, count, recent.get(profile.employeeId));
        if (contentIds.length === 0) continue;
        const reason = suggestionReason(role?.name);
        await manager.query(
          `INSERT INTO content.suggested (tenant_id, employee_id, content_id, day, reason)
           SELECT $1, $2, unnest($3::uuid[]), $4, $5 ON CONFLICT DO NOTHING`,
          [tenantId, profile.employeeId, contentIds, slot.day, reason],
        );
        events.push({
          type: 'content.suggested',
          tenantId,
          subject: profile.employeeId,
          occurredAt: now,
          payload: {
            employeeId: profile.employeeId,
            contentIds,
            reason,
            day: slot.day,
          },
        });
      }
      await this.outbox.addMany(manager, events);
      await manager.query(
        'UPDATE content.suggestion_runs SET suggestions = $3 WHERE tenant_id = $1 AND day = $2',
        [tenantId, slot.day, events.length],
      );
      return { tenantId, day: slot.day, suggested: events.length };
    });
  }

  /** `GET /api/v1/suggestions`: what today's run (tenant's local day) offered the caller, and why. */
  async today(tenantId: string, employeeId: string): Promise<SuggestionsToday> {
    const settings = await this.settings.get(tenantId);
    const { day } = suggestionSlot(this.clock.now(), settings.timeZone, settings.suggestionHour);
    const rows = await this.dataSource.query<
      { content_id: string; title: string; url: string; summary: string | null; reason: string | null }[]
    >(
      `SELECT s.content_id, i.title, i.url, i.summary, s.reason
       FROM content.suggested s JOIN content.items i ON i.content_id = s.content_id AND i.tenant_id = s.tenant_id
       WHERE s.tenant_id = $1 AND s.employee_id = $2 AND s.day = $3
       ORDER BY i.title, s.content_id`,
      [tenantId, employeeId, day],
    );
    return {
      day,
      reason: rows.find((row) => row.reason)?.reason ?? null,
      items: rows.map((row) => ({
        contentId: row.content_id,
        title: row.title,
        url: row.url,
        summary: row.summary,
      })),
    };
  }

  /** Per employee, what the job offered in the week before `day`: fresh items come first. */
  private async recentlySuggested(
    manager: EntityManager,
    tenantId: string,
    day: string,
  ): Promise<Map<string, Set<string>>> {
    const rows = await manager.query<{ employee_id: string; content_id: string }[]>(
      `SELECT employee_id, content_id FROM content.suggested
       WHERE tenant_id = $1 AND day >= $2::date - $3::int AND day < $2::date`,
      [tenantId, day, SUGGESTION_MEMORY_DAYS],
    );
    const recent = new Map<string, Set<string>>();
    for (const row of rows) {
      const seen = recent.get(row.employee_id) ?? new Set<string>();
      seen.add(row.content_id);
      recent.set(row.employee_id, seen);
    }
    return recent;
  }

  private async knownTenants(): Promise<string[]> {
    const rows = await this.dataSource.query<{ tenant_id: string }[]>(
      'SELECT DISTINCT tenant_id FROM content.profiles ORDER BY tenant_id',
    );
    return rows.map((row) => row.tenant_id);
  }
}
