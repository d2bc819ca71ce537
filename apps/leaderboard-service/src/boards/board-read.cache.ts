import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { LRUCache } from 'lru-cache';
import type { LeaderboardConfig } from '../config';
import { LiveHub } from '../live/live.hub';

/** Answers kept at once per replica: a top-10 answer is ~1 KB. */
const ANSWERS_MAX = 10_000;

interface Answer {
  text: string;
  /** The tenant's change count the answer was read at: any later change makes it stale. */
  version: number;
  until: number;
}

/**
 * The serialised answers of board reads, per tenant and URL, for LEADERBOARD_READ_CACHE_MS. Every
 * viewer of a board asks the same few questions (the top-10 of a TV screen, the widget of a team),
 * so between two changes of the tenant's boards they share one Redis read and one JSON.stringify.
 * A change — the `points` or `boards` live message every replica hears — bumps the tenant's count,
 * which makes every answer read before it stale at once; the time limit only bounds what a lost
 * message (or a change that sends none: a rebuild switch, a renamed advocate) could leave behind.
 * Concurrent misses of one question share one read, but never across a change.
 */
@Injectable()
export class BoardReadCache {
  private readonly answers = new LRUCache<string, Answer>({ max: ANSWERS_MAX });
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly versions = new Map<string, number>();
  private readonly ttlMs: number;

  constructor(@Inject(APP_CONFIG) config: LeaderboardConfig, hub: LiveHub) {
    this.ttlMs = config.LEADERBOARD_READ_CACHE_MS;
    hub.onChanged((tenantId) => this.changed(tenantId));
  }

  /** The JSON answer to `url` for the tenant when one is held and still current, without a promise. */
  held(tenantId: string, url: string): string | undefined {
    if (this.ttlMs === 0) return undefined;
    const held = this.answers.get(`${tenantId}\n${url}`);
    const current = held && held.version === (this.versions.get(tenantId) ?? 0) && held.until > Date.now();
    return current ? held.text : undefined;
  }

  /** The JSON answer to `url` for the tenant: held, being read, or read now with `read`. */
  async answer(tenantId: string, url: string, read: () => Promise<unknown>): Promise<string> {
    if (this.ttlMs === 0) return JSON.stringify(await read());
    const key = `${tenantId}\n${url}`;
    const version = this.versions.get(tenantId) ?? 0;
    const held = this.held(tenantId, url);
    if (held !== undefined) return held;
    const flightKey = `${version}\n${key}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;
    const reading = read()
      .then((body) => {
        const text = JSON.stringify(body);
        if ((this.versions.get(tenantId) ?? 0) === version) {
          this.answers.set(key, { text, version, until: Date.now() + this.ttlMs });
        }
        return text;
      })
      .finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, reading);
    return reading;
  }

  /** The tenant's boards changed: nothing read before now is answered again. */
  changed(tenantId: string): void {
    this.versions.set(tenantId, (this.versions.get(tenantId) ?? 0) + 1);
  }
}
