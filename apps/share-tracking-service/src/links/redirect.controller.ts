import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiDoc, Public } from '@advocacy/platform';
import { RedirectHandler } from './redirect.handler';

/**
 * Describes `GET /l/:code` in /openapi.json. Requests are answered by RedirectHandler, which LinkModule
 * mounts ahead of Nest's router; this route only serves if that mount is missing.
 */
@Public()
@Controller('l')
export class RedirectController {
  constructor(private readonly redirect: RedirectHandler) {}

  @Get(':code')
  @ApiDoc({
    summary:
      'Public tracked link: 302 to the content with UTM parameters, 404 unknown, 410 withdrawn or archived',
    status: 302,
    errorContentType: 'text/html',
    responses: {
      404: 'no such link (a page)',
      410: 'the share was withdrawn or the content archived (a page)',
    },
  })
  follow(@Param('code') code: string, @Req() request: Request, @Res() response: Response): void {
    this.redirect.follow(code, request, response);
  }
}
