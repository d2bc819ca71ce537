import { Controller, Get, Req, Res } from '@nestjs/common';
import { BoardScope, StreamQuery, WidgetQuery } from '@advocacy/contracts';
import {
  ApiDoc,
  AuthContext,
  AuthTokenFactory,
  Public,
  unauthorized,
  ZodParam,
  ZodQuery,
} from '@advocacy/platform';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { LiveService, StreamHolder } from './live.service';
import { widgetPage } from './widget.page';

type AuthedRequest = Request & { auth?: AuthContext };

/**
 * EventSource cannot send an Authorization header, so these two routes are @Public() and accept the
 * JWT as `token` (or the usual header) and verify it here.
 */
@Controller()
export class LiveController {
  constructor(
    private readonly live: LiveService,
    private readonly tokens: AuthTokenFactory,
  ) {}

  @Get('api/v1/leaderboards/:scope/stream')
  @Public()
  @ApiDoc({ summary: 'Server-sent events: snapshot, then coalesced updates, badge events and heartbeats' })
  async stream(
    @Req() request: AuthedRequest,
    @Res() response: Response,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodQuery(StreamQuery) query: StreamQuery,
  ): Promise<void> {
    this.live.start(
      await this.holderOf(request, query),
      { scope, period: query.period, limit: query.limit, at: query.at, metric: query.metric },
      request,
      response,
    );
  }

  /** The stream's credential: the bearer header (verified by the guard) or `token`; 401 without. */
  private async holderOf(request: AuthedRequest, query: StreamQuery): Promise<StreamHolder> {
    const auth = request.auth ?? (query.token ? await this.tokens.verify(query.token) : null);
    if (!auth) throw unauthorized();
    return {
      auth,
      subject: `token:${auth.tenantId}:${auth.employeeId}`,
      expiresAt: auth.expiresAt?.getTime(),
    };
  }

  @Get('widget')
  @Public()
  @ApiDoc({ summary: 'Embeddable live leaderboard (web component): top 10, your position, badge toasts' })
  async widget(@Res() response: Response, @ZodQuery(WidgetQuery) query: WidgetQuery): Promise<void> {
    if (!(await this.tokens.verify(query.token))) throw unauthorized();
    const nonce = randomBytes(16).toString('base64');
    response
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // its one inline script runs by nonce; nothing else loads; it may be framed (embedding is its purpose)
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'`,
        'cross-origin-resource-policy': 'cross-origin',
      })
      .removeHeader('x-frame-options');
    response.send(widgetPage(query, nonce));
  }
}
