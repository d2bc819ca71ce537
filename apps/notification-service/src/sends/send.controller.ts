import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { InDoubtSendList, Uuid } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Clock, notFound, Roles, ZodParam } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { SendRepository } from './send.repository';

/** In-doubt sends, beside the webhook dead letters (`/api/v1/webhooks/dead-letters`). */
@Controller('api/v1/notifications/sends')
@Roles('admin')
export class SendController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sends: SendRepository,
    private readonly clock: Clock,
  ) {}

  @Get('in-doubt')
  @ApiDoc({
    summary: 'Mails that may have been delivered once and are not sent again by themselves (admin)',
    response: InDoubtSendList,
  })
  async inDoubt(@Auth() auth: AuthContext) {
    const rows = await this.sends.unfinished(this.dataSource.manager, auth.tenantId, 'in-doubt', null, 200);
    return {
      inDoubt: rows.map((send) => ({
        id: send.id,
        channel: send.channel,
        recipient: send.recipient,
        kind: send.kind,
        attempts: send.attempts,
        reason: send.lastError,
        createdAt: send.createdAt.toISOString(),
        dataCommittedAt: send.dataCommittedAt?.toISOString() ?? null,
        inDoubtSince: send.finishedAt?.toISOString() ?? null,
      })),
    };
  }

  @Post('in-doubt/:id/resend')
  @HttpCode(202)
  @ApiDoc({
    summary: 'Send an in-doubt mail again (admin): the person may get it twice, with the same Message-ID',
  })
  async resend(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string) {
    const queued = await this.sends.requeue(
      this.dataSource.manager,
      auth.tenantId,
      'in-doubt',
      null,
      id,
      this.clock.now(),
    );
    if (!queued) throw notFound('in-doubt send');
    return { id, status: 'pending' };
  }
}
