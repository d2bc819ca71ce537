import { Inject, Injectable, Logger } from '@nestjs/common';
import { LedgerExportLine } from '@advocacy/contracts';
import { APP_CONFIG, conflict } from '@advocacy/platform';
import type { LeaderboardConfig } from '../config';
import { affectedBoards } from '../boards/board-keys';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';
import { LedgerReader } from './ledger.reader';

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
    private readonly ledger: LedgerReader,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {}

  /** `token`: the admin's own, forwarded to scoring (production has no secret to sign one with). */
  async rebuild(tenantId: string, token?: string): Promise<RebuildReport> {
    await this.store.loadHidden(tenantId, await this.tenants.hidden(tenantId));
    await this.store.loadProfiles(tenantId, await this.tenants.profiles(tenantId));
    const { current, next } = await this.store.startRebuild(tenantId);
    if (next === null) throw conflict('rebuild_running', 'a rebuild of this tenant is already running');
    try {
      const entries = await this.replay(tenantId, token);
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
      // Every replica's open streams and held board answers move to the new generation.
      await this.store.publish(tenantId, { kind: 'boards' } satisfies LiveMessage);
      this.logger.log(`tenant ${tenantId}: generation ${current} → ${next} from ${entries} ledger entries`);
      return { previousGeneration: current, generation: next, entries };
    } catch (error) {
      await this.store.abortRebuild(tenantId);
      throw error;
    }
  }

  private async replay(tenantId: string, callerToken?: string): Promise<number> {
    const calendar = await this.tenants.calendar(tenantId);
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
                calendar,
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
    for await (const line of this.ledger.lines(tenantId, callerToken)) {
      chunk.push(line);
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    return count;
  }
}
