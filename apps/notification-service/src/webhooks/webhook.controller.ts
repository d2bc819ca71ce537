import { Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { DeadLetterList, PutWebhooksBody, Uuid, WebhookList, WebhookView } from '@advocacy/contracts';
import {
  APP_CONFIG,
  ApiDoc,
  assertOutboundUrl,
  Auth,
  AuthContext,
  badRequest,
  Clock,
  notFound,
  OutboundError,
  outboundOptions,
  Roles,
  ZodBody,
  ZodParam,
} from '@advocacy/platform';
import type { NotificationConfig } from '../config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SendRepository } from '../sends/send.repository';
import { Webhook, WebhookRepository } from './webhook.repository';

/** Webhook URLs carry their credential (Slack, Teams): only the origin is ever shown back. */
const redact = (url: string) => `${new URL(url).origin}/…`;

const view = (hook: Webhook): WebhookView => ({
  id: hook.id,
  flavor: hook.flavor,
  url: redact(hook.url),
  hasSecret: hook.secret !== null,
  moments: hook.moments,
  enabled: hook.enabled,
});

@Controller('api/v1/webhooks')
@Roles('admin')
export class WebhookController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    private readonly sends: SendRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  @Get()
  @ApiDoc({ summary: "The tenant's chat webhooks (admin); URLs shown by origin only", response: WebhookList })
  async list(@Auth() auth: AuthContext) {
    return { webhooks: (await this.webhooks.list(this.dataSource.manager, auth.tenantId)).map(view) };
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the webhook list (admin); a generic webhook keeps its secret when none is sent',
    response: WebhookList,
  })
  put(@Auth() auth: AuthContext, @ZodBody(PutWebhooksBody) body: PutWebhooksBody) {
    // Internal address literals are refused here already; the guard checks every resolved address
    // again on every post.
    body.webhooks.forEach((hook, index) => {
      try {
        assertOutboundUrl(hook.url, outboundOptions(this.config));
      } catch (error) {
        if (error instanceof OutboundError) throw badRequest(`webhooks.${index}.url: ${error.code}`);
        throw error;
      }
    });
    return this.dataSource.transaction(async (manager) => {
      await this.webhooks.lock(manager, auth.tenantId);
      const stored = new Map(
        (await this.webhooks.list(manager, auth.tenantId)).map((hook) => [hook.id, hook]),
      );
      const hooks: Webhook[] = body.webhooks.map((input) => {
        const id = input.id ?? randomBytes(6).toString('hex');
        const secret = input.flavor === 'generic' ? (input.secret ?? stored.get(id)?.secret ?? null) : null;
        return {
          id,
          flavor: input.flavor,
          url: input.url,
          secret,
          moments: input.moments,
          enabled: input.enabled,
        };
      });
      const missing = hooks.findIndex((hook) => hook.flavor === 'generic' && hook.secret === null);
      if (missing >= 0)
        throw badRequest(
          `webhooks.${missing}.secret: a generic webhook needs a secret (none stored for "${hooks[missing].id}")`,
        );
      const ids = new Set(hooks.map((hook) => hook.id));
      if (ids.size !== hooks.length) throw badRequest('webhooks: every id must be unique');
      await this.webhooks.replace(manager, auth.tenantId, hooks, this.clock.now());
      return { webhooks: hooks.map(view) };
    });
  }

  @Get('dead-letters')
  @ApiDoc({ summary: 'Webhook posts that kept failing after every retry (admin)', response: DeadLetterList })
  async deadLetters(@Auth() auth: AuthContext) {
    const dead = await this.sends.unfinished(this.dataSource.manager, auth.tenantId, 'dead', 'webhook', 200);
    return {
      deadLetters: dead.map((send) => ({
        id: send.id,
        webhookId: send.recipient,
        moment: send.kind,
        attempts: send.attempts,
        lastError: send.lastError,
        createdAt: send.createdAt.toISOString(),
        failedAt: send.finishedAt?.toISOString() ?? null,
      })),
    };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(202)
  @ApiDoc({ summary: 'Queue a dead webhook post again with fresh attempts (admin)' })
  async replay(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string) {
    const replayed = await this.sends.requeue(
      this.dataSource.manager,
      auth.tenantId,
      'dead',
      'webhook',
      id,
      this.clock.now(),
    );
    if (!replayed) throw notFound('dead letter');
    return { id, status: 'pending' };
  }
}
