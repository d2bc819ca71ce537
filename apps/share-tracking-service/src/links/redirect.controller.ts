import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  APP_CONFIG,
  ApiDoc,
  Auth,
  AuthContext,
  Clock,
  escapeHtml,
  periodBuckets,
  Public,
} from '@advocacy/platform';
import { z } from 'zod';
import { ShareTrackingConfig, visitorHashSecret } from '../config';
import { redirectUrlOf } from '../shares/share.rules';
import { ClickRecorder } from './click-recorder';
import { isBot, visitorHash } from './click.rules';
import { LinkCache } from './link-cache';

const LinkCode = z.string().regex(/^[0-9A-Za-z]{8,32}$/);

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
  `<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;margin:3rem">` +
  `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;

/**
 * The public tracked link. It answers from the link cache and hands the click to the recorder without
 * waiting for it; an invalid code is answered like an unknown one (a small page, not JSON).
 */
@Public()
@Controller('l')
export class RedirectController {
  private readonly secret: string;

  constructor(
    private readonly links: LinkCache,
    private readonly clicks: ClickRecorder,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: ShareTrackingConfig,
  ) {
    this.secret = visitorHashSecret(config);
  }

  @Get(':code')
  @ApiDoc({
    summary: 'Public tracked link: 302 to the content with UTM parameters, 404 unknown, 410 withdrawn',
  })
  async follow(
    @Param('code') code: string,
    @Auth() auth: AuthContext | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'private, no-store');
    const target = LinkCode.safeParse(code).success ? await this.links.resolve(code) : null;
    if (!target) {
      response.status(404).type('html').send(page('Link not found', 'This link does not exist.'));
      return;
    }
    if (target.withdrawn) {
      response
        .status(410)
        .type('html')
        .send(page('Link withdrawn', 'The person who shared this link withdrew it.'));
      return;
    }
    response.redirect(302, redirectUrlOf(target));

    const now = this.clock.now();
    const day = periodBuckets(now).day;
    const userAgent = request.headers['user-agent'] ?? '';
    this.clicks.record({
      target,
      shareId: target.shareId,
      visitorHash: visitorHash(this.secret, request.ip ?? '', userAgent, day),
      day,
      clickedAt: now,
      human: !isBot(userAgent),
      own: auth !== undefined && auth.tenantId === target.tenantId && auth.employeeId === target.employeeId,
    });
  }
}
