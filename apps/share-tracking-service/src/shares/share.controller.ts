import { Controller, Delete, Headers, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { Response } from 'express';
import {
  CreateShareBody,
  IdempotencyKey,
  ShareCreatedBody,
  ShareWithdrawnBody,
  Uuid,
} from '@advocacy/contracts';
import {
  APP_CONFIG,
  ApiDoc,
  Auth,
  AuthContext,
  BodyLimit,
  Roles,
  validationError,
  ZodBody,
  ZodParam,
} from '@advocacy/platform';
import { sharerCookieKey, ShareTrackingConfig } from '../config';
import { sharerCookieValue, sharerSetCookie } from '../links/sharer-cookie';
import { ShareService } from './share.service';

@Controller('api/v1/shares')
export class ShareController {
  private readonly sharerKey: KeyObject;
  private readonly secureCookie: boolean;

  constructor(
    private readonly shares: ShareService,
    @Inject(APP_CONFIG) config: ShareTrackingConfig,
  ) {
    this.sharerKey = sharerCookieKey(config);
    this.secureCookie = config.PUBLIC_BASE_URL.startsWith('https:');
  }

  /** 201 for a new share; 200 with the same body when the Idempotency-Key was seen before. */
  @Post()
  @BodyLimit(300 * 1024) // a 70,000-character text at up to 4 bytes a character
  @Roles('employee', 'coach')
  @ApiDoc({
    summary: 'Record a share of a content item and get its tracked link',
    response: ShareCreatedBody,
    responses: {
      200: 'the same Idempotency-Key again: the first answer',
      409: 'the content is not shareable',
    },
  })
  async create(
    @Auth() auth: AuthContext,
    @ZodBody(CreateShareBody) body: CreateShareBody,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ShareCreatedBody> {
    const key = rawKey === undefined ? undefined : IdempotencyKey.safeParse(rawKey);
    if (key && !key.success) throw validationError(key.error, 'header Idempotency-Key');
    const answer = await this.shares.create(auth, body, key?.data);
    response.status(answer.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    // The sharer's own browser is recognised on their tracked links (see sharer-cookie.ts).
    response.setHeader(
      'Set-Cookie',
      sharerSetCookie(sharerCookieValue(this.sharerKey, auth.tenantId, auth.employeeId), this.secureCookie),
    );
    return answer.body;
  }

  @Delete(':id')
  @ApiDoc({
    summary: 'Withdraw a share (own share, or admin); scoring reverses its points',
    response: ShareWithdrawnBody,
  })
  withdraw(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string): Promise<ShareWithdrawnBody> {
    return this.shares.withdraw(auth, id);
  }
}
