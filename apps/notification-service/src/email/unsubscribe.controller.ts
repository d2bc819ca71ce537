import { Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { APP_CONFIG, ApiDoc, escapeHtml, IgnoresBody, Public } from '@advocacy/platform';
import type { Response } from 'express';
import type { NotificationConfig } from '../config';
import { PreferenceService } from '../preferences/preference.service';
import { verifyUnsubscribeToken } from './unsubscribe.token';

/**
 * The link of every mail. POST is RFC 8058 one-click (mail clients send
 * `List-Unsubscribe=One-Click`; the body is not needed: the signed token says who and what);
 * GET is the link in the mail body and unsubscribes at once as well. Both are idempotent.
 */
@Controller('api/v1/unsubscribe')
@Public()
export class UnsubscribeController {
  constructor(
    private readonly preferences: PreferenceService,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  @Post()
  @IgnoresBody()
  @HttpCode(200)
  @ApiDoc({
    summary: 'One-click unsubscribe (RFC 8058) with the signed token of the mail',
    contentType: 'text/html',
    responses: { 400: 'the token is missing, altered or not ours' },
  })
  async oneClick(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    await this.handle(token, response);
  }

  @Get()
  @ApiDoc({
    summary: 'Unsubscribe from the link in a mail; answers a small confirmation page',
    contentType: 'text/html',
    responses: { 400: 'the token is missing, altered or not ours' },
  })
  async link(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    await this.handle(token, response);
  }

  private async handle(token: unknown, response: Response): Promise<void> {
    const claim =
      typeof token === 'string' ? verifyUnsubscribeToken(token, this.config.UNSUBSCRIBE_SECRET) : null;
    if (!claim) {
      response
        .status(400)
        .json({ error: { code: 'invalid_token', message: 'token: missing, altered or not ours' } });
      return;
    }
    await this.preferences.unsubscribe(claim.tenantId, claim.employeeId, claim.kind);
    const what = claim.kind === 'digest' ? 'the digest' : `"${claim.kind}" e-mails`;
    response
      .status(200)
      .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribed</title></head><body>` +
          `<p>You are unsubscribed from ${escapeHtml(what)}. You still see these in the app.</p>` +
          `<p><a href="${escapeHtml(this.config.APP_URL)}">Change your notification settings</a></p></body></html>`,
      );
  }
}
