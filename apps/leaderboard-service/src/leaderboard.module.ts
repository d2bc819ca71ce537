import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { BadgeController } from './badges/badge.controller';
import { BadgeRepository } from './badges/badge.repository';
import { BadgeService } from './badges/badge.service';
import { ChallengeBadges } from './badges/challenge-badges';
import { HeroProjection } from './badges/hero.projection';
import { HeroRepository } from './badges/hero.repository';
import { PeriodCloseService } from './badges/period-close.service';
import { BoardReadCache } from './boards/board-read.cache';
import { BoardReadHandler } from './boards/board-read.handler';
import { BoardController } from './boards/board.controller';
import { BoardService } from './boards/board.service';
import { BoardStore } from './boards/board.store';
import { TenantRepository } from './boards/tenant.repository';
import { BadgeEventsController, EventsController } from './consumers/events.controller';
import { EmbedKeyController } from './embed/embed-key.controller';
import { EmbedKeyRepository } from './embed/embed-key.repository';
import { EmbedKeyService } from './embed/embed-key.service';
import { LiveController } from './live/live.controller';
import { LiveFanout } from './live/live.fanout';
import { LiveHub } from './live/live.hub';
import { LiveService } from './live/live.service';
import { RebuildController } from './rebuild/rebuild.controller';
import { LedgerReader } from './rebuild/ledger.reader';
import { RebuildService } from './rebuild/rebuild.service';
import { ReconcileController } from './reconcile/reconcile.controller';
import { ReconcileService } from './reconcile/reconcile.service';

@Module({
  // LiveController before BoardController: `:scope/stream` must not be taken for a board read.
  controllers: [
    RebuildController,
    ReconcileController,
    LiveController,
    BoardController,
    BadgeController,
    EmbedKeyController,
    EventsController,
    BadgeEventsController,
  ],
  providers: [
    BoardStore,
    TenantRepository,
    BoardService,
    BoardReadHandler,
    BoardReadCache,
    BadgeRepository,
    BadgeService,
    HeroProjection,
    HeroRepository,
    ChallengeBadges,
    PeriodCloseService,
    LiveHub,
    LiveFanout,
    LiveService,
    RebuildService,
    LedgerReader,
    ReconcileService,
    EmbedKeyRepository,
    EmbedKeyService,
  ],
})
export class LeaderboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reads: BoardReadHandler,
  ) {}

  /** Board reads go ahead of express (see BoardReadHandler); without an HTTP server nothing to mount. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (server) this.reads.mount(server);
  }
}
