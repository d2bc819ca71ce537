import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  MarkReadBody,
  MarkReadResponse,
  NotificationPage,
  NotificationQuery,
  NotificationStreamQuery,
} from '@advocacy/contracts';
import { APP_CONFIG, ApiDoc, Auth, AuthContext, Clock, ZodBody, ZodQuery } from '@advocacy/platform';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { NotificationConfig } from '../config';
import { InboxHub } from './inbox.hub';
import { NotificationRepository } from './notification.repository';

type AuthedRequest = Request & { auth?: AuthContext };

@Controller('api/v1/notifications')
export class NotificationController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly hub: InboxHub,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  @Get()
  @ApiDoc({ summary: 'Your notifications, newest first, with the unread count', response: NotificationPage })
  async list(@Auth() auth: AuthContext, @ZodQuery(NotificationQuery) query: NotificationQuery) {
    const page = await this.notifications.page(this.dataSource.manager, auth.tenantId, auth.employeeId, {
      limit: query.limit,
      offset: query.offset,
      unreadOnly: query.unread ?? false,
      kind: query.kind ?? null,
    });
    return { ...page, limit: query.limit, offset: query.offset };
  }

  @Post('read')
  @HttpCode(200)
  @ApiDoc({ summary: 'Mark notifications read: `{ids: [...]}` or `{all: true}`', response: MarkReadResponse })
  async read(@Auth() auth: AuthContext, @ZodBody(MarkReadBody) body: MarkReadBody) {
    return this.dataSource.transaction(async (manager) => {
      const marked = await this.notifications.markRead(
        manager,
        auth.tenantId,
        auth.employeeId,
        'ids' in body ? body.ids : 'all',
        this.clock.now(),
      );
      return { marked, unread: await this.notifications.unread(manager, auth.tenantId, auth.employeeId) };
    });
  }

  /**
   * Server-sent events: `unread` with the count on connect, then `notification` for each new one,
   * and a heartbeat comment. The bearer token travels in the Authorization header (the web app reads
   * the stream with fetch); a `token` in the query is refused, so no token lands in a URL.
   */
  @Get('stream')
  @ApiDoc({
    summary: 'Server-sent events of your new notifications (unread count first, heartbeats)',
    contentType: 'text/event-stream',
  })
  async stream(
    @Auth() auth: AuthContext,
    @Req() request: AuthedRequest,
    @Res() response: Response,
    @ZodQuery(NotificationStreamQuery) _query: Record<string, never>,
  ): Promise<void> {
    let closed = false;
    let eventId = 0;
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

    // Listener, heartbeat and their cleanup are in place before the first await: a client that
    // leaves while the count is read leaks nothing, and nothing stored meanwhile is missed.
    const stopListening = this.hub.listen(auth.tenantId, auth.employeeId, (message) =>
      send('notification', message.notification),
    );
    const heartbeat = setInterval(() => {
      if (!closed) response.write(': heartbeat\n\n');
    }, this.config.SSE_HEARTBEAT_MS);
    request.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      stopListening();
    });

    const unread = await this.notifications.unread(this.dataSource.manager, auth.tenantId, auth.employeeId);
    send('unread', { unread });
  }
}
