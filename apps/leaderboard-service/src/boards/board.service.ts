import { Inject, Injectable } from '@nestjs/common';
import {
  AnyEnvelope,
  AroundResponse,
  BoardQuery,
  BoardResponse,
  LeaderboardEntry,
  Period,
  RankQuery,
  RankResponse,
  TeamMetric,
} from '@advocacy/contracts';
import { APP_CONFIG, Clock, notFound, unprocessable } from '@advocacy/platform';
import { DateTime } from 'luxon';
import { HeroProjection } from '../badges/hero.projection';
import type { LeaderboardConfig } from '../config';
import { affectedBoards, boardKey, bucketOf, instantOfDate } from './board-keys';
import { BoardStore, PointsChange, ProfiledRow, RankFacts } from './board.store';
import { rankTeams } from './team-metrics';
import { chunked } from './points-batch';
import { HiddenReason, TenantRepository } from './tenant.repository';

export interface BoardRef {
  tenantId: string;
  scope: string;
  period: Period;
  bucket: string;
  key: string;
}

type PointsAwarded = Extract<AnyEnvelope, { type: 'points.awarded' }>;

/** One member's place on a board, as the rank endpoint and the live streams tell it. */
export type Standing = Pick<
  RankResponse,
  'rank' | 'points' | 'gapToNext' | 'total' | 'sharedRank' | 'tiedWith'
>;

export function standing(facts: RankFacts): Standing {
  return {
    rank: facts.rank,
    points: facts.points,
    gapToNext: facts.pointsAbove === null ? null : facts.pointsAbove - facts.points,
    total: facts.total,
    sharedRank: facts.ahead + 1,
    tiedWith: Math.max(0, facts.level - 1),
  };
}

/** The most teams a metric board ranks (the sum board itself has no limit). */
const MAX_TEAMS = 5000;

/** Events per board script call: long enough to amortise, short enough not to stall Redis. */
const POINTS_CHUNK = 500;

/** What the live stream hears about: a board changed, or someone won a badge. */
export type LiveMessage =
  /** Points changed on the tenant's boards (`changes` of them): one message per applied chunk. */
  | { kind: 'points'; changes: number }
  | { kind: 'badge'; employeeId: string; badgeId: string; level: string | null; name: string; reason: string }
  | { kind: 'boards' }
  /** Open streams of this embed key end (every replica hears it on the tenant's channel). */
  | { kind: 'embed-key-revoked'; keyId: string };

@Injectable()
export class BoardService {
  constructor(
    private readonly store: BoardStore,
    private readonly tenants: TenantRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
    private readonly heroes: HeroProjection,
  ) {}

  /**
   * Puts each `points.awarded` on every board it touches, once; other types are not ours. One script
   * call per tenant and chunk of POINTS_CHUNK events, then one round trip for the live messages;
   * `heartbeat` runs between chunks so a long batch keeps the consumer in its group.
   */
  async applyPoints(
    envelopes: readonly AnyEnvelope[],
    heartbeat: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    const byTenant = new Map<string, PointsAwarded[]>();
    for (const envelope of envelopes) {
      if (envelope.type !== 'points.awarded') continue;
      const list = byTenant.get(envelope.tenantId) ?? [];
      list.push(envelope);
      byTenant.set(envelope.tenantId, list);
    }
    for (const [tenantId, awarded] of byTenant) {
      await this.tenants.remember(tenantId, this.clock.now());
      const calendar = await this.tenants.calendar(tenantId);
      for (const chunk of chunked(awarded, POINTS_CHUNK)) {
        const changes: PointsChange[] = chunk.map(({ id, payload }) => ({
          envelopeId: id,
          entryId: payload.entryId,
          employeeId: payload.employeeId,
          teamId: payload.teamId,
          points: payload.points,
          occurredAt: payload.occurredAt,
          boards: affectedBoards(
            payload,
            new Date(payload.occurredAt),
            calendar,
            this.config.LEADERBOARD_RETENTION_MONTHS,
          ),
        }));
        const results = await this.store.applyPointsBatch(
          tenantId,
          changes,
          this.seenDays(),
          (this.config.LEADERBOARD_DEDUPE_DAYS + 1) * 86_400,
        );
        // One message for the chunk: a stream re-reads its board on any change of the tenant, so a
        // message per event (a PUBLISH each, heard and parsed by every replica) bought nothing — it
        // cost as much as the board script itself in a CPU profile at 1,000 events/s.
        const applied = results.filter((result) => result === 'applied').length;
        if (applied > 0)
          await this.store.publish(tenantId, { kind: 'points', changes: applied } satisfies LiveMessage);
        await heartbeat();
      }
    }
  }

  /**
   * Idempotency window: envelope ids go into one Redis set per UTC day of processing, kept for the
   * window plus a day; a redelivery is recognised when it comes back within LEADERBOARD_DEDUPE_DAYS.
   */
  seenDays(): string[] {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: 'utc' }).startOf('day');
    return Array.from({ length: this.config.LEADERBOARD_DEDUPE_DAYS }, (_, back) =>
      today.minus({ days: back }).toFormat('yyyy-LL-dd'),
    );
  }

  async ref(tenantId: string, scope: string, period: Period, at?: string): Promise<BoardRef> {
    const calendar = await this.tenants.calendar(tenantId);
    const instant = at ? instantOfDate(at, calendar) : this.clock.now();
    const bucket = bucketOf(period, instant, calendar);
    const current = await this.store.readGeneration(tenantId);
    return { tenantId, scope, period, bucket, key: boardKey(tenantId, current, scope, period, bucket) };
  }

  async board(
    tenantId: string,
    scope: string,
    query: Omit<BoardQuery, 'metric'> & { metric?: TeamMetric },
  ): Promise<BoardResponse> {
    const metric = query.metric ?? 'sum';
    if (scope !== 'teams' && metric !== 'sum') {
      throw unprocessable('metric_needs_teams', `metric=${metric} applies to the teams scope only`);
    }
    const ref = await this.ref(tenantId, scope, query.period, query.at);
    if (scope === 'teams') return this.teamsBoard(ref, metric, query.offset, query.limit);
    const { rows, total } = await this.store.top(tenantId, ref.key, query.offset, query.limit, false);
    return {
      scope,
      period: ref.period,
      bucket: ref.bucket,
      total,
      entries: await this.entries(ref, rows, query.offset + 1),
    };
  }

  /**
   * The teams board by sum, average per active advocate or participation. Active and member counts
   * are read at request time (one ZCOUNT per team board in one round trip, one grouped SQL count),
   * so any period and any metric is answered from the same boards without keeping more of them.
   */
  private async teamsBoard(
    ref: BoardRef,
    metric: TeamMetric,
    offset: number,
    limit: number,
  ): Promise<BoardResponse> {
    const { rows, total } = await this.store.top(ref.tenantId, ref.key, 0, MAX_TEAMS, true);
    const { current } = await this.store.generations(ref.tenantId);
    const [active, members] = await Promise.all([
      this.store.activeCounts(
        rows.map((row) => boardKey(ref.tenantId, current, `team:${row.id}`, ref.period, ref.bucket)),
      ),
      this.tenants.teamSizes(ref.tenantId),
    ]);
    const ranked = rankTeams(
      metric,
      rows.map((row, index) => ({
        teamId: row.id,
        points: row.points,
        active: active[index],
        members: Math.max(members.get(row.id) ?? 0, active[index]),
      })),
    );
    return {
      scope: ref.scope,
      period: ref.period,
      bucket: ref.bucket,
      metric,
      total,
      entries: ranked.slice(offset, offset + limit).map((team, index) => ({
        rank: offset + index + 1,
        teamId: team.teamId,
        points: team.points,
        value: team.value,
        active: team.active,
        members: team.members,
      })),
    };
  }

  async rank(tenantId: string, scope: string, id: string, query: RankQuery): Promise<RankResponse> {
    const ref = await this.ref(tenantId, scope, query.period, query.at);
    const facts = await this.store.rank(ref.key, id);
    if (!facts) throw notFound(`${id} on board ${scope} ${ref.period} ${ref.bucket}`);
    return {
      scope,
      period: ref.period,
      bucket: ref.bucket,
      id,
      ...standing(facts),
    };
  }

  async around(
    tenantId: string,
    scope: string,
    id: string,
    query: RankQuery & { radius: number },
  ): Promise<AroundResponse> {
    const ref = await this.ref(tenantId, scope, query.period, query.at);
    const window = await this.store.around(tenantId, ref.key, id, query.radius, scope === 'teams');
    if (!window) throw notFound(`${id} on board ${scope} ${ref.period} ${ref.bucket}`);
    return {
      scope,
      period: ref.period,
      bucket: ref.bucket,
      total: window.total,
      rank: window.rank,
      entries: await this.entries(ref, window.rows, window.start + 1),
    };
  }

  /**
   * The standing of many viewers on one board in one pass (the live streams of a board share it):
   * absent ids are missing from the map.
   */
  async standings(ref: BoardRef, ids: readonly string[]): Promise<Map<string, Standing>> {
    const facts = await this.store.ranks(ref.key, ids);
    return new Map([...facts].map(([id, fact]) => [id, standing(fact)]));
  }

  /** Board rows as entries: profiles came with the rows (one script), the HERO flags in one read. */
  private async entries(ref: BoardRef, rows: ProfiledRow[], firstRank: number): Promise<LeaderboardEntry[]> {
    if (ref.scope === 'teams') {
      return rows.map((row, index) => ({ rank: firstRank + index, teamId: row.id, points: row.points }));
    }
    const heroes = await this.heroes.among(
      ref.tenantId,
      rows.map((row) => row.id),
    );
    return rows.map((row, index) => ({
      rank: firstRank + index,
      employeeId: row.id,
      displayName: row.displayName,
      teamId: row.teamId,
      points: row.points,
      hero: heroes.has(row.id),
    }));
  }

  async setHidden(
    tenantId: string,
    employeeId: string,
    hidden: boolean,
    reason: HiddenReason = 'admin',
  ): Promise<void> {
    await this.tenants.setHidden(tenantId, employeeId, hidden, this.clock.now(), reason);
    await this.store.setHidden(tenantId, employeeId, hidden);
    await this.store.publish(tenantId, { kind: 'boards' } satisfies LiveMessage);
  }

  async applyProfiles(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const changed = new Set<string>();
    for (const envelope of envelopes) {
      if (envelope.type !== 'advocate.profile-updated') continue;
      const { employeeId, displayName, teamId } = envelope.payload;
      await this.tenants.saveProfile(
        envelope.tenantId,
        { employeeId, displayName, teamId },
        this.clock.now(),
      );
      await this.store.setProfile(envelope.tenantId, employeeId, displayName, teamId);
      await this.followDirectory(envelope.tenantId, employeeId, envelope.payload.active);
      changed.add(envelope.tenantId);
    }
    // Names and teams show on the boards: open streams and held board answers refresh.
    await this.store.publishMany(
      [...changed].map((tenantId) => ({ tenantId, message: { kind: 'boards' } satisfies LiveMessage })),
    );
  }

  /**
   * A deactivated employee leaves every board (their points stay in the ledger and in the hidden
   * shadow, so a reactivation brings them back); an admin's own hiding is left alone.
   */
  private async followDirectory(tenantId: string, employeeId: string, active: boolean): Promise<void> {
    const reason = await this.tenants.hiddenReason(tenantId, employeeId);
    if (!active && reason === null) await this.setHidden(tenantId, employeeId, true, 'deactivated');
    if (active && reason === 'deactivated') await this.setHidden(tenantId, employeeId, false);
  }
}
