import { Inject, Injectable } from '@nestjs/common';
import { REDIS, withTraceparent } from '@advocacy/platform';
import Redis from 'ioredis';
import { BoardTarget, boardKey, hiddenShadowKey, memberIndexKey, tenantKeys } from './board-keys';
import {
  APPLY_POINTS,
  APPLY_POINTS_BATCH,
  AROUND,
  FINISH_REBUILD,
  RANK_OF,
  RANKS_OF,
  SET_HIDDEN,
  START_REBUILD,
  TOP,
} from './board.scripts';
import { planPointsBatch } from './points-batch';
import { decodeMember } from './tie-encoding';

type ScriptCall = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS = {
  lbApplyPoints: APPLY_POINTS,
  lbApplyPointsBatch: APPLY_POINTS_BATCH,
  lbRankOf: RANK_OF,
  lbRanksOf: RANKS_OF,
  lbTop: TOP,
  lbAround: AROUND,
  lbSetHidden: SET_HIDDEN,
  lbStartRebuild: START_REBUILD,
  lbFinishRebuild: FINISH_REBUILD,
} as const;

export interface Generations {
  current: number;
  rebuilding: number | null;
}

export interface PointsChange {
  /** '' for a replay from the ledger export, which writes only the generation being rebuilt. */
  envelopeId: string;
  entryId: string;
  employeeId: string;
  teamId: string | null;
  points: number;
  /** When the points were earned: the tie-break (who reached a total first), see tie-encoding.ts. */
  occurredAt: string;
  boards: BoardTarget[];
}

export interface Row {
  id: string;
  points: number;
}

/** A row with the advocate's profile as the board read found it (null for teams or no profile). */
export interface ProfiledRow extends Row {
  displayName: string | null;
  teamId: string | null;
}

/**
 * How long a read trusts the generation it last saw. A rebuild's switch keeps the old generation
 * readable for a minute, so a read that is this much late still answers from a complete board.
 */
const GENERATION_CACHE_MS = 1000;

/** Values per id in RANKS_OF's answer. */
const RANKS_FIELDS = 5;

export interface RankFacts {
  rank: number;
  points: number;
  total: number;
  pointsAbove: number | null;
  /** Members with more points. */
  ahead: number;
  /** Members with the same points, this one included. */
  level: number;
}

export type ApplyResult = 'applied' | 'duplicate';

/** Every Redis command of the boards; the shapes of keys and members stay in here. */
@Injectable()
export class BoardStore {
  private readonly generationsSeen = new Map<string, { current: number; until: number }>();

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    for (const [name, lua] of Object.entries(SCRIPTS)) this.redis.defineCommand(name, { lua });
  }

  private run(name: keyof typeof SCRIPTS, keys: string[], args: (string | number)[]): Promise<unknown> {
    const call = (this.redis as unknown as Record<string, ScriptCall>)[name];
    return call.call(this.redis, keys.length, ...keys, ...args);
  }

  async generations(tenantId: string): Promise<Generations> {
    const keys = tenantKeys(tenantId);
    const [current, rebuilding] = await this.redis.mget(keys.generation, keys.rebuilding);
    return { current: current ? Number(current) : 1, rebuilding: rebuilding ? Number(rebuilding) : null };
  }

  /**
   * The generation reads use, without a round trip on the hot read path (see GENERATION_CACHE_MS).
   * Writes never use this: their scripts check the generation themselves.
   */
  async readGeneration(tenantId: string): Promise<number> {
    const seen = this.generationsSeen.get(tenantId);
    const now = Date.now();
    if (seen && seen.until > now) return seen.current;
    const current = await this.redis.get(tenantKeys(tenantId).generation);
    const generation = current ? Number(current) : 1;
    if (this.generationsSeen.size > 10_000) this.generationsSeen.clear();
    this.generationsSeen.set(tenantId, { current: generation, until: now + GENERATION_CACHE_MS });
    return generation;
  }

  /** Forgets the generation read last, so the next read sees a switch at once (this replica's rebuild). */
  forgetGeneration(tenantId: string): void {
    this.generationsSeen.delete(tenantId);
  }

  /**
   * Applies one points change atomically with its idempotency mark. Retries when a rebuild starts
   * or finishes between reading the generations and running the script.
   */
  async applyPoints(
    tenantId: string,
    change: PointsChange,
    seenDays: string[],
    seenTtlSeconds: number,
  ): Promise<ApplyResult> {
    const keys = tenantKeys(tenantId);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const generations = await this.generations(tenantId);
      const replay = change.envelopeId === '';
      if (replay && generations.rebuilding === null) throw new Error('no rebuild is running');
      const targets = replay
        ? [generations.rebuilding as number]
        : [generations.current, ...(generations.rebuilding === null ? [] : [generations.rebuilding])];
      const seen = replay ? [] : seenDays.map((day) => keys.seen(day));
      const scriptKeys = [keys.generation, keys.rebuilding, keys.hidden, ...seen];
      for (const generation of targets) {
        scriptKeys.push(keys.registry(generation), keys.entries(generation));
        for (const board of change.boards) {
          const key = boardKey(tenantId, generation, board.scope, board.period, board.bucket);
          scriptKeys.push(key, memberIndexKey(key), hiddenShadowKey(key));
        }
      }
      const args: (string | number)[] = [
        change.envelopeId,
        change.entryId,
        change.employeeId,
        change.teamId ?? '',
        change.points,
        String(generations.current),
        generations.rebuilding === null ? '' : String(generations.rebuilding),
        seen.length,
        change.boards.length,
        seenTtlSeconds,
        Date.parse(change.occurredAt),
      ];
      for (const board of change.boards) args.push(board.kind === 'team' ? 't' : 'e', board.expireAt);
      const result = Number(await this.run('lbApplyPoints', scriptKeys, args));
      if (result === 1) return 'applied';
      if (result === 0) return 'duplicate';
    }
    throw new Error(`generation of tenant ${tenantId} kept moving`);
  }

  /**
   * Applies live points changes of one tenant in one script call (see APPLY_POINTS_BATCH): the same
   * boards as one `applyPoints` per change in order, each idempotency mark in the same script.
   * Returns one result per change, in order. Callers keep batches bounded (a script blocks Redis).
   */
  async applyPointsBatch(
    tenantId: string,
    changes: readonly PointsChange[],
    seenDays: string[],
    seenTtlSeconds: number,
  ): Promise<ApplyResult[]> {
    if (changes.length === 0) return [];
    if (changes.some((change) => change.envelopeId === '')) throw new Error('replays go through applyPoints');
    const keys = tenantKeys(tenantId);
    const { boards, events } = planPointsBatch(changes);
    const seen = seenDays.map((day) => keys.seen(day));
    const args: (string | number)[] = [];
    for (const { target } of boards) args.push(target.kind === 'team' ? 't' : 'e', target.expireAt);
    for (const { change, boardIndexes } of events) {
      args.push(
        change.envelopeId,
        change.entryId,
        change.employeeId,
        change.teamId ?? '',
        change.points,
        Date.parse(change.occurredAt),
        boardIndexes.length,
        ...boardIndexes,
      );
    }
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const generations = await this.generations(tenantId);
      const targets =
        generations.rebuilding === null
          ? [generations.current]
          : [generations.current, generations.rebuilding];
      const scriptKeys = [keys.generation, keys.rebuilding, keys.hidden, ...seen];
      for (const generation of targets) {
        scriptKeys.push(keys.registry(generation), keys.entries(generation));
        for (const { target } of boards) {
          const key = boardKey(tenantId, generation, target.scope, target.period, target.bucket);
          scriptKeys.push(key, memberIndexKey(key), hiddenShadowKey(key));
        }
      }
      const result = await this.run('lbApplyPointsBatch', scriptKeys, [
        String(generations.current),
        generations.rebuilding === null ? '' : String(generations.rebuilding),
        seen.length,
        boards.length,
        seenTtlSeconds,
        events.length,
        ...args,
      ]);
      if (Array.isArray(result)) return result.map((flag) => (Number(flag) === 1 ? 'applied' : 'duplicate'));
    }
    throw new Error(`generation of tenant ${tenantId} kept moving`);
  }

  /** Publishes several live messages in one round trip, in order. */
  async publishMany(messages: readonly { tenantId: string; message: unknown }[]): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { tenantId, message } of messages)
      pipeline.publish(tenantKeys(tenantId).live, JSON.stringify(withTraceparent(message)));
    const results = await pipeline.exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  /** A page of the board, its size and the profiles of its rows in one round trip. */
  async top(
    tenantId: string,
    key: string,
    offset: number,
    limit: number,
    /** true for a board of teams, or when no names are needed: skips the profile lookups. */
    withoutProfiles: boolean,
  ): Promise<{ rows: ProfiledRow[]; total: number }> {
    const [total, ...flat] = (await this.run(
      'lbTop',
      [key, tenantKeys(tenantId).profiles],
      [offset, limit, withoutProfiles ? '1' : '0'],
    )) as [number, ...(string | null)[]];
    return { rows: toProfiledRows(flat), total };
  }

  /** Every member's points on a board, hidden members included (from their shadow). */
  async allPoints(key: string): Promise<Map<string, number>> {
    const results = await this.redis
      .multi()
      .zrange(key, 0, -1, 'WITHSCORES')
      .hgetall(hiddenShadowKey(key))
      .exec();
    const [flat, hidden] = (results ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [string[], Record<string, string>];
    const points = new Map(toRows(flat).map((row) => [row.id, row.points]));
    for (const [id, value] of Object.entries(hidden)) points.set(id, Number(value.split('|')[0]));
    return points;
  }

  /** Members with more than 0 points on each board, in one round trip. */
  async activeCounts(keys: readonly string[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zcount(key, '(0', '+inf');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return Number(value);
    });
  }

  async rank(key: string, id: string): Promise<RankFacts | null> {
    const result = (await this.run('lbRankOf', [key, memberIndexKey(key)], [id])) as
      [number, string, number, string, number, number] | null;
    if (!result) return null;
    const [rank, points, total, above, ahead, level] = result;
    return {
      rank: rank + 1,
      points: Number(points),
      total,
      pointsAbove: above === '' ? null : Number(above),
      ahead,
      level,
    };
  }

  /** Ranks of many ids on one board, in chunks so one script never holds Redis long. */
  async ranks(key: string, ids: readonly string[]): Promise<Map<string, RankFacts>> {
    const out = new Map<string, RankFacts>();
    for (let start = 0; start < ids.length; start += RANKS_CHUNK) {
      const chunk = ids.slice(start, start + RANKS_CHUNK);
      const [total, ...flat] = (await this.run('lbRanksOf', [key, memberIndexKey(key)], chunk)) as [
        number,
        ...(number | string)[],
      ];
      chunk.forEach((id, index) => {
        const at = index * RANKS_FIELDS;
        const rank = Number(flat[at]);
        if (rank < 0) return;
        const above = flat[at + 2];
        out.set(id, {
          rank: rank + 1,
          points: Number(flat[at + 1]),
          total,
          pointsAbove: above === '' ? null : Number(above),
          ahead: Number(flat[at + 3]),
          level: Number(flat[at + 4]),
        });
      });
    }
    return out;
  }

  async around(
    tenantId: string,
    key: string,
    id: string,
    radius: number,
    teams: boolean,
  ): Promise<{ rank: number; total: number; start: number; rows: ProfiledRow[] } | null> {
    const result = (await this.run(
      'lbAround',
      [key, memberIndexKey(key), tenantKeys(tenantId).profiles],
      [id, radius, teams ? '1' : '0'],
    )) as [number, number, number, ...(string | null)[]] | null;
    if (!result) return null;
    const [rank, total, start, ...flat] = result;
    return { rank: rank + 1, total, start, rows: toProfiledRows(flat) };
  }

  async setHidden(tenantId: string, employeeId: string, hidden: boolean): Promise<void> {
    const keys = tenantKeys(tenantId);
    const { current, rebuilding } = await this.generations(tenantId);
    for (const generation of rebuilding === null ? [current] : [current, rebuilding]) {
      await this.run(
        'lbSetHidden',
        [keys.registry(generation), keys.hidden],
        [employeeId, hidden ? 'hide' : 'show'],
      );
    }
  }

  async loadHidden(tenantId: string, employeeIds: string[]): Promise<void> {
    const key = tenantKeys(tenantId).hidden;
    const multi = this.redis.multi().del(key);
    if (employeeIds.length > 0) multi.sadd(key, ...employeeIds);
    await multi.exec();
  }

  async setProfile(tenantId: string, employeeId: string, displayName: string, teamId: string | null) {
    const key = tenantKeys(tenantId).profiles;
    const multi = this.redis.multi().hset(key, `n:${employeeId}`, displayName);
    if (teamId) multi.hset(key, `t:${employeeId}`, teamId);
    else multi.hdel(key, `t:${employeeId}`);
    await multi.exec();
  }

  /** Replaces the tenant's profile hash (rebuild); the Postgres projection is the source. */
  async loadProfiles(
    tenantId: string,
    profiles: readonly { employeeId: string; displayName: string; teamId: string | null }[],
  ): Promise<void> {
    const key = tenantKeys(tenantId).profiles;
    const multi = this.redis.multi().del(key);
    for (let start = 0; start < profiles.length; start += 1000) {
      const fields: string[] = [];
      for (const profile of profiles.slice(start, start + 1000)) {
        fields.push(`n:${profile.employeeId}`, profile.displayName);
        if (profile.teamId) fields.push(`t:${profile.employeeId}`, profile.teamId);
      }
      multi.hset(key, ...fields);
    }
    await multi.exec();
  }

  async startRebuild(tenantId: string): Promise<{ current: number; next: number | null }> {
    const keys = tenantKeys(tenantId);
    const [current, next] = (await this.run(
      'lbStartRebuild',
      [keys.generation, keys.generationCounter, keys.rebuilding],
      [],
    )) as [number, number];
    return { current, next: next === -1 ? null : next };
  }

  async finishRebuild(
    tenantId: string,
    old: number,
    next: number,
    graceSeconds: number,
    windowSeconds: number,
  ): Promise<boolean> {
    const keys = tenantKeys(tenantId);
    const result = await this.run(
      'lbFinishRebuild',
      [keys.generation, keys.rebuilding, keys.registry(old), keys.entries(next)],
      [String(next), graceSeconds, windowSeconds],
    );
    // This replica's reads see the switch at once; others within GENERATION_CACHE_MS.
    this.forgetGeneration(tenantId);
    return Number(result) === 1;
  }

  async abortRebuild(tenantId: string): Promise<void> {
    await this.redis.del(tenantKeys(tenantId).rebuilding);
  }

  publish(tenantId: string, message: unknown): Promise<number> {
    return this.redis.publish(tenantKeys(tenantId).live, JSON.stringify(withTraceparent(message)));
  }
}

/** Ids per RANKS_OF call: a few milliseconds of Redis at most. */
const RANKS_CHUNK = 500;

function toRows(flat: string[]): Row[] {
  const rows: Row[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    rows.push({ id: decodeMember(flat[index]).id, points: Number(flat[index + 1]) });
  }
  return rows;
}

/** Rows of TOP and AROUND: id, score, display name, team (the tie prefix is already cut off). */
function toProfiledRows(flat: readonly (string | null)[]): ProfiledRow[] {
  const rows: ProfiledRow[] = [];
  for (let index = 0; index + 3 < flat.length; index += 4) {
    rows.push({
      id: flat[index] as string,
      points: Number(flat[index + 1]),
      displayName: flat[index + 2],
      teamId: flat[index + 3],
    });
  }
  return rows;
}
