import { Injectable, Logger } from '@nestjs/common';
import { AnyNewEvent, OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { AdvocatesRepository } from '../advocates/advocates.repository';
import { AdvocatesService } from '../advocates/advocates.service';
import { DEFAULT_DAILY_SUGGESTIONS } from '../advocates/roles.defaults';
import { FeedService } from '../feed/feed.service';
import { SettingsService } from '../settings/settings.service';
import { SuggestionsRepository } from './suggestions.repository';
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
    private readonly suggestions: SuggestionsRepository,
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
      if (!(await this.suggestions.claimRun(manager, tenantId, slot.day, now))) return null;
      const roles = await this.advocates.roles(tenantId, manager);
      // An item offered once is not offered again for SUGGESTION_MEMORY_DAYS: fresh items come first.
      const recent = await this.suggestions.suggestedBefore(
        manager,
        tenantId,
        slot.day,
        SUGGESTION_MEMORY_DAYS,
      );
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
        await this.suggestions.suggest(manager, {
          tenantId,
          employeeId: profile.employeeId,
          contentIds,
          day: slot.day,
          reason,
        });
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
      await this.suggestions.finishRun(manager, tenantId, slot.day, events.length);
      return { tenantId, day: slot.day, suggested: events.length };
    });
  }

  /** `GET /api/v1/suggestions`: what today's run (tenant's local day) offered the caller, and why. */
  async today(tenantId: string, employeeId: string): Promise<SuggestionsToday> {
    const settings = await this.settings.get(tenantId);
    const { day } = suggestionSlot(this.clock.now(), settings.timeZone, settings.suggestionHour);
    const items = await this.suggestions.suggestedOn(this.dataSource.manager, tenantId, employeeId, day);
    return {
      day,
      reason: items.find((item) => item.reason)?.reason ?? null,
      items: items.map((item) => ({
        contentId: item.contentId,
        title: item.title,
        url: item.url,
        summary: item.summary,
      })),
    };
  }

  private async knownTenants(): Promise<string[]> {
    return this.suggestions.knownTenants(this.dataSource.manager);
  }
}
