import { Inject, Injectable, Logger } from '@nestjs/common';
import { BoardResponse, Period, RankResponse, TeamMetric } from '@advocacy/contracts';
import { APP_CONFIG, AppError, AuthContext } from '@advocacy/platform';
import type { Request, Response } from 'express';
import type { LeaderboardConfig } from '../config';
import { BoardService } from '../boards/board.service';
import { LiveHub } from './live.hub';

export interface StreamOptions {
  scope: string;
  period: Period;
  limit: number;
  at?: string;
  metric?: TeamMetric;
}

export interface LiveView extends BoardResponse {
  me: Pick<RankResponse, 'rank' | 'points' | 'gapToNext' | 'total'> | null;
}

/**
 * One server-sent event stream: a snapshot on connect (and on resume with Last-Event-ID), then an
 * `update` whenever the top N or the viewer's own rank changed, at most one per SSE_COALESCE_MS;
 * `badge` events for the viewer's own awards; a comment line as heartbeat.
 */
@Injectable()
export class LiveService {
  private readonly logger = new Logger('LiveStream');

  constructor(
    private readonly boards: BoardService,
    private readonly hub: LiveHub,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {}

  async view(auth: AuthContext, options: StreamOptions): Promise<LiveView> {
    const board = await this.boards.board(auth.tenantId, options.scope, {
      period: options.period,
      limit: options.limit,
      offset: 0,
      at: options.at,
      metric: options.metric,
    });
    const viewerId = options.scope === 'teams' ? auth.teamId : auth.employeeId;
    let me: LiveView['me'] = null;
    if (viewerId) {
      try {
        const { rank, points, gapToNext, total } = await this.boards.rank(
          auth.tenantId,
          options.scope,
          viewerId,
          {
            period: options.period,
            at: options.at,
          },
        );
        me = { rank, points, gapToNext, total };
      } catch (error) {
        if (!(error instanceof AppError && error.status === 404)) throw error;
      }
    }
    return { ...board, me };
  }

  async open(auth: AuthContext, options: StreamOptions, request: Request, response: Response): Promise<void> {
    const resumedFrom = Number(request.headers['last-event-id']);
    let eventId = Number.isSafeInteger(resumedFrom) && resumedFrom > 0 ? resumedFrom : 0;
    let closed = false;
    const send = (event: string, data: unknown) => {
      if (closed) return;
      eventId += 1;
      response.write(`id: ${eventId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };

    response.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 3000\n\n');

    const fingerprint = (view: LiveView) => JSON.stringify([view.entries, view.me, view.bucket]);
    let snapshot = await this.view(auth, options);
    let lastPrint = fingerprint(snapshot);
    let lastSentAt = Date.now();
    send('snapshot', snapshot);

    // One refresh at a time: changes that arrive while one is scheduled or running mark the view
    // dirty and are picked up by the next, never sooner than SSE_COALESCE_MS after the last send.
    let timer: NodeJS.Timeout | undefined;
    let pending = false;
    let dirty = false;
    const refresh = async () => {
      dirty = false;
      snapshot = await this.view(auth, options);
      const print = fingerprint(snapshot);
      if (print === lastPrint) return;
      lastPrint = print;
      lastSentAt = Date.now();
      send('update', snapshot);
    };
    const schedule = () => {
      if (closed) return;
      if (pending) {
        dirty = true;
        return;
      }
      pending = true;
      const wait = Math.max(0, lastSentAt + this.config.SSE_COALESCE_MS - Date.now());
      timer = setTimeout(() => {
        refresh()
          .catch((error: unknown) => {
            this.logger.warn(`stream refresh failed, will retry on the next change: ${String(error)}`);
          })
          .finally(() => {
            pending = false;
            timer = undefined;
            if (dirty) schedule();
          });
      }, wait);
    };
    const stopListening = this.hub.listen(auth.tenantId, (message) => {
      switch (message.kind) {
        case 'badge':
          if (message.employeeId === auth.employeeId) send('badge', message);
          return;
        case 'points':
        case 'boards':
          schedule();
          return;
      }
    });
    const heartbeat = setInterval(() => {
      if (!closed) response.write(': heartbeat\n\n');
    }, this.config.SSE_HEARTBEAT_MS);

    request.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      stopListening();
    });
  }
}
