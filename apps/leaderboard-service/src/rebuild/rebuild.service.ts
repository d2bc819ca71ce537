import { Inject, Injectable, Logger } from '@nestjs/common';
import { LedgerExportLine } from '@advocacy/contracts';
import { APP_CONFIG, AppError, AuthTokenFactory, conflict } from '@advocacy/platform';
import type { LeaderboardConfig } from '../config';
import { affectedBoards } from '../boards/board-keys';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';

/** How long the old generation stays readable after the switch, for reads already in flight. */
const OLD_GENERATION_GRACE_SECONDS = 60;
const CHUNK = 500;

export interface RebuildReport {
  previousGeneration: number;
  generation: number;
  entries: number;
}

/**
 * Re-derives every board of a tenant from the scoring ledger into a new generation, then switches.
 *
 * While the rebuild runs, live `points.awarded` events are applied to both generations (the apply
 * script reads the `rebuilding` marker); in the new generation every change is deduplicated by the
 * ledger entry id, so an entry that arrives live and is also in the export counts once. Reads use
 * the current generation until FINISH_REBUILD flips the pointer atomically.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger('Rebuild');

  constructor(
    private readonly store: BoardStore,
    private readonly tenants: TenantRepository,
    private readonly tokens: AuthTokenFactory,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {}

  async rebuild(tenantId: string): Promise<RebuildReport> {
    await this.store.loadHidden(tenantId, await this.tenants.hidden(tenantId));
    await this.store.loadProfiles(tenantId, await this.tenants.profiles(tenantId));
    const { current, next } = await this.store.startRebuild(tenantId);
    if (next === null) throw conflict('rebuild_running', 'a rebuild of this tenant is already running');
    try {
      const entries = await this.replay(tenantId);
      const windowSeconds = (this.config.LEADERBOARD_DEDUPE_DAYS + 1) * 86_400;
      if (
        !(await this.store.finishRebuild(
          tenantId,
          current,
          next,
          OLD_GENERATION_GRACE_SECONDS,
          windowSeconds,
        ))
      ) {
        throw conflict('rebuild_superseded', 'the rebuild marker vanished before the switch');
      }
      this.store.forgetGeneration(tenantId);
      this.logger.log(`tenant ${tenantId}: generation ${current} → ${next} from ${entries} ledger entries`);
      return { previousGeneration: current, generation: next, entries };
    } catch (error) {
      await this.store.abortRebuild(tenantId);
      throw error;
    }
  }

  private async replay(tenantId: string): Promise<number> {
    const timeZone = await this.tenants.timeZone(tenantId);
    const token = this.tokens.sign({
      tenant: tenantId,
      sub: 'leaderboard-service',
      roles: ['admin'],
      expiresInSeconds: 900,
    });
    const response = await fetch(`${this.config.SCORING_URL}/api/v1/ledger/export?since=0`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
    });
    if (!response.ok || !response.body) {
      throw new AppError(
        502,
        'ledger_unavailable',
        `scoring answered ${response.status} to the ledger export`,
      );
    }
    let count = 0;
    let chunk: LedgerExportLine[] = [];
    const flush = async () => {
      await Promise.all(
        chunk.map((line) =>
          this.store.applyPoints(
            tenantId,
            {
              envelopeId: '',
              entryId: line.entryId,
              employeeId: line.employeeId,
              teamId: line.teamId,
              points: line.points,
              occurredAt: line.occurredAt,
              boards: affectedBoards(
                line,
                new Date(line.occurredAt),
                timeZone,
                this.config.LEADERBOARD_RETENTION_MONTHS,
              ),
            },
            [],
            0,
          ),
        ),
      );
      count += chunk.length;
      chunk = [];
    };
    for await (const text of ndjsonLines(response.body)) {
      const parsed = LedgerExportLine.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new AppError(502, 'ledger_invalid', `unreadable ledger line: ${parsed.error.message}`);
      chunk.push(parsed.data);
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    return count;
  }
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest) yield rest;
}
