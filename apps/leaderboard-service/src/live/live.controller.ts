import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { BoardScope, EmbedKeyId, StreamQuery, WidgetQuery } from '@advocacy/contracts';
import {
  APP_CONFIG,
  ApiDoc,
  AuthContext,
  Public,
  unauthorized,
  ZodParam,
  ZodQuery,
} from '@advocacy/platform';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { LeaderboardConfig } from '../config';
import { EmbedKeyService } from '../embed/embed-key.service';
import { LiveService, StreamHolder } from './live.service';
import { widgetPage } from './widget.page';

type AuthedRequest = Request & { auth?: AuthContext };

/** `Authorization: EmbedKey <keyId>.<secret>`, the widget's credential. */
const EMBED_KEY_SCHEME = /^EmbedKey\s+(\S+)$/i;

/**
 * The stream is @Public(): it takes a user's JWT (the usual header, verified by the guard, or
 * `token` for EventSource clients) or an embed key in the Authorization header, and checks them
 * here. The widget takes embed keys only: a user's token never appears in its URL or page.
 */
@Controller()
export class LiveController {
  constructor(
    private readonly live: LiveService,
    private readonly embedKeys: EmbedKeyService,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {}

  @Get('api/v1/leaderboards/:scope/stream')
  @Public()
  @ApiDoc({
    summary: 'Server-sent events: snapshot, then coalesced updates, badge events and heartbeats',
    contentType: 'text/event-stream',
    bearer: 'optional',
  })
  async stream(
    @Req() request: AuthedRequest,
    @Res() response: Response,
    @ZodParam('scope', BoardScope) scope: string,
    @ZodQuery(StreamQuery) query: StreamQuery,
  ): Promise<void> {
    this.live.start(
      await this.holderOf(request, query, scope),
      { scope, period: query.period, limit: query.limit, at: query.at, metric: query.metric },
      request,
      response,
    );
  }

  /** The stream's credential: an embed key or the bearer header (verified by the guard); 401 without. */
  private async holderOf(request: AuthedRequest, query: StreamQuery, scope: string): Promise<StreamHolder> {
    const embedKey = EMBED_KEY_SCHEME.exec(request.headers.authorization ?? '')?.[1];
    if (embedKey) {
      const key = await this.embedKeys.authenticate(embedKey);
      this.embedKeys.authorize(key, scope, query.period);
      return {
        tenantId: key.tenantId,
        viewer: null,
        subject: `embed:${key.keyId}`,
        cap: this.config.SSE_STREAMS_PER_EMBED_KEY,
        embedKeyId: key.keyId,
      };
    }
    const auth = request.auth;
    if (!auth) throw unauthorized();
    return {
      tenantId: auth.tenantId,
      viewer: { employeeId: auth.employeeId, teamId: auth.teamId },
      subject: `token:${auth.tenantId}:${auth.employeeId}`,
      cap: this.config.SSE_STREAMS_PER_SUBJECT,
      expiresAt: auth.expiresAt?.getTime(),
    };
  }

  @Get('widget/:keyId')
  @Public()
  @ApiDoc({
    summary:
      'Embeddable live leaderboard of an embed key (web component); the secret rides in the fragment #key=',
    contentType: 'text/html',
  })
  async widget(
    @Res() response: Response,
    @ZodParam('keyId', EmbedKeyId) keyId: string,
    @ZodQuery(WidgetQuery) query: WidgetQuery,
  ): Promise<void> {
    const key = await this.embedKeys.forWidget(keyId);
    const period = query.period ?? key.periods[0];
    this.embedKeys.authorize(key, key.scope, period);
    const nonce = randomBytes(16).toString('base64');
    // The origins were validated as bare origins when the key was minted: nothing else reaches the header.
    const ancestors = ["'self'", ...key.allowedOrigins].join(' ');
    response
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // its one inline script runs by nonce; nothing else loads; only the key's origins may frame it
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
        'cross-origin-resource-policy': 'cross-origin',
        'referrer-policy': 'no-referrer',
      })
      .removeHeader('x-frame-options');
    response.send(widgetPage({ scope: key.scope, period, metric: query.metric }, key.keyId, nonce));
  }
}
