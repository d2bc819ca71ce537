import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, Clock, counter, METRICS_REGISTRY } from '@advocacy/platform';
import { randomUUID } from 'node:crypto';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { NotificationConfig } from '../config';
import { renderDigestMail, renderNotificationMail, RenderedMail } from '../email/mail.templates';
import { Mailer, messageIdFor, serverAnswered } from '../email/mailer';
import { MailKind, unsubscribeToken } from '../email/unsubscribe.token';
import { ProjectionRepository } from '../intake/projection.repository';
import { channelFor, mailLanguage } from '../preferences/preference.rules';
import { PreferenceRepository } from '../preferences/preference.repository';
import { WebhookDelivery } from '../webhooks/webhook.delivery';
import { webhookBody } from '../webhooks/webhook.payloads';
import { WebhookRepository } from '../webhooks/webhook.repository';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from '../webhooks/webhook.signature';
import { retryDelayMs } from './schedule.rules';
import { ClaimedSend, SendRepository } from './send.repository';
import { failureAction } from './send.rules';

type Outcome =
  | { status: 'sent'; messageId: string | null }
  | { status: 'skipped'; reason: string }
  | { status: 'in-doubt'; error: string }
  | { status: 'failed'; error: string; permanent?: boolean };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Works the send queue: claims due rows with a lease, sends each, and records the outcome. A failure
 * is retried with exponential backoff and jitter; after SEND_MAX_ATTEMPTS the row is dead (admins see
 * and replay dead webhook posts).
 *
 * E-mail is exactly once up to the SMTP server's "250 OK" and at most once after that: the worker
 * commits a marker (`data_committed_at`) just before the message's final "." is written. A process
 * that dies before the marker left nothing with the server, and its row is taken over after the lease
 * and sent; one that dies after it may have delivered, and its row becomes `in-doubt` instead — never
 * sent again unless an admin resends it (send.rules.ts). Resending there would be at-least-once and
 * the person's second mail is worse than an admin's look at a rare in-doubt row. The window is the
 * server's time to take the message plus the milliseconds to the commit of `sent`.
 *
 * Webhook posts have no such marker (an HTTP body has no "last byte the server waits for" we could
 * hold): a post whose worker died is posted again after the lease, with the same
 * X-Advocacy-Delivery id for the receiver to deduplicate.
 */
@Injectable()
export class SendWorker {
  private readonly logger = new Logger('SendWorker');
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly outcomes: Counter<string>;
  private readonly inDoubt: Counter<string>;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sends: SendRepository,
    private readonly projections: ProjectionRepository,
    private readonly preferences: PreferenceRepository,
    private readonly webhooks: WebhookRepository,
    private readonly mailer: Mailer,
    private readonly delivery: WebhookDelivery,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.outcomes = counter(registry, 'notification_sends_total', 'Sends finished, by channel and outcome', [
      'channel',
      'outcome',
    ]);
    this.inDoubt = counter(
      registry,
      'notification_sends_in_doubt_total',
      'Sends that may or may not have been delivered and are not sent again by themselves, by channel and cause',
      ['channel', 'cause'],
    );
  }

  /** Drains what is due now; one drain at a time per process (a timer tick joins the running one). */
  drain(batchSize = 10): Promise<number> {
    this.running ??= this.drainLoop(batchSize).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drainLoop(batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, inDoubt } = await this.sends.claim(
        this.dataSource.manager,
        this.workerId,
        this.clock.now(),
        this.config.SEND_LEASE_MS,
        batchSize,
      );
      for (const send of inDoubt) {
        this.logger.warn(
          `send ${send.id} (${send.channel}) is in doubt: its worker's lease ran out after the message data was handed to the server; not sent again`,
        );
        this.inDoubt.inc({ channel: send.channel, cause: 'lease' });
      }
      if (claimed.length === 0 && inDoubt.length === 0) return total;
      for (const send of claimed) {
        const held = await this.sends.renew(
          this.dataSource.manager,
          send,
          this.workerId,
          this.clock.now(),
          this.config.SEND_LEASE_MS,
        );
        if (!held) {
          this.logger.warn(
            `send ${send.id} lost its lease while waiting in the batch; left to its new worker`,
          );
          continue;
        }
        await this.process(send);
        total += 1;
      }
    }
  }

  private async process(send: ClaimedSend): Promise<void> {
    if (send.takenOver) {
      this.logger.warn(
        `send ${send.id} (${send.channel}) taken over after an expired lease: attempt ${send.attempt}`,
      );
    }
    let outcome: Outcome;
    try {
      outcome = send.channel === 'email' ? await this.sendMail(send) : await this.postWebhook(send);
    } catch (error) {
      outcome = { status: 'failed', error: errorText(error) };
    }
    const now = this.clock.now();
    let finished: boolean;
    if (outcome.status === 'failed') {
      const dead = outcome.permanent === true || send.attempt >= this.config.SEND_MAX_ATTEMPTS;
      const error = outcome.error.slice(0, 1000);
      finished = await this.sends.finish(
        this.dataSource.manager,
        send,
        this.workerId,
        dead
          ? { status: 'dead', error, at: now }
          : {
              status: 'pending',
              error,
              notBefore: new Date(
                now.getTime() +
                  retryDelayMs(
                    send.attempt,
                    this.config.SEND_RETRY_BASE_MS,
                    this.config.SEND_RETRY_MAX_MS,
                    Math.random,
                  ),
              ),
            },
      );
      this.outcomes.inc({ channel: send.channel, outcome: dead ? 'dead' : 'retry' });
    } else {
      finished = await this.sends.finish(this.dataSource.manager, send, this.workerId, {
        ...outcome,
        at: now,
      });
      this.outcomes.inc({ channel: send.channel, outcome: outcome.status });
      if (outcome.status === 'in-doubt') this.inDoubt.inc({ channel: send.channel, cause: 'no-answer' });
    }
    if (!finished) this.logger.warn(`send ${send.id} was taken over by another worker before it finished`);
  }

  private async sendMail(send: ClaimedSend): Promise<Outcome> {
    const manager = this.dataSource.manager;
    const advocate = await this.projections.advocate(manager, send.tenantId, send.recipient);
    // advocate.v1 and the topic of the event that queued this mail are not ordered: a person not
    // projected yet may be one whose profile is still on its way. Retried with backoff (then dead,
    // visible); a known person without an address is skipped.
    if (!advocate) return { status: 'failed', error: 'advocate_unknown' };
    if (!advocate.email) return { status: 'skipped', reason: 'no e-mail address known' };
    const defaults = await this.preferences.defaults(manager, send.tenantId);
    const own = await this.preferences.own(manager, send.tenantId, send.recipient);
    const payload = send.payload;
    // The person may have unsubscribed between the event and now.
    if (payload.type === 'notification' && channelFor(payload.params.kind, own, defaults) !== 'email')
      return { status: 'skipped', reason: 'unsubscribed' };
    if (payload.type === 'webhook')
      return { status: 'failed', error: 'a webhook payload in the e-mail queue', permanent: true };
    const kind: MailKind = payload.type === 'digest' ? 'digest' : payload.params.kind;
    const token = unsubscribeToken(
      { tenantId: send.tenantId, employeeId: send.recipient, kind },
      this.config.UNSUBSCRIBE_SECRET,
    );
    const unsubscribeUrl = `${this.config.NOTIFY_PUBLIC_URL}/api/v1/unsubscribe?token=${token}`;
    const context = {
      language: mailLanguage(advocate.language, defaults.language),
      displayName: advocate.displayName,
      appUrl: this.config.APP_URL,
      unsubscribeUrl,
    };
    const rendered: RenderedMail =
      payload.type === 'digest'
        ? renderDigestMail(context, payload.items)
        : renderNotificationMail(context, payload.params);
    let dataCommitted = false;
    const commitData = async () => {
      if (!(await this.sends.commitData(manager, send, this.workerId, this.clock.now())))
        throw new Error('lease lost before the final "."');
      dataCommitted = true;
    };
    const mail = {
      ...rendered,
      to: advocate.email,
      messageId: messageIdFor(send.idempotencyKey, this.config.MAIL_MESSAGE_ID_DOMAIN),
      unsubscribeUrl,
    };
    try {
      return { status: 'sent', messageId: await this.mailer.send(mail, commitData) };
    } catch (error) {
      if (failureAction({ dataCommitted, serverAnswered: serverAnswered(error) }) === 'in-doubt')
        return { status: 'in-doubt', error: `no answer after the final ".": ${errorText(error)}` };
      throw error;
    }
  }

  private async postWebhook(send: ClaimedSend): Promise<Outcome> {
    if (send.payload.type !== 'webhook')
      return { status: 'failed', error: 'a mail payload in the webhook queue', permanent: true };
    const hook = await this.webhooks.get(this.dataSource.manager, send.tenantId, send.recipient);
    if (!hook || !hook.enabled) return { status: 'skipped', reason: 'webhook removed or disabled' };
    const body = JSON.stringify(webhookBody(hook.flavor, send.payload.moment));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'advocacy-engine-webhooks/1',
      [DELIVERY_HEADER]: send.payload.moment.id,
    };
    // Signed per attempt: the timestamp is the time of this POST, so receivers can bound replays.
    if (hook.secret) headers[SIGNATURE_HEADER] = signatureHeader(hook.secret, body, this.clock.now());
    const result = await this.delivery.post({
      url: hook.url,
      body,
      headers,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
    });
    if (result.ok) return { status: 'sent', messageId: null };
    // Every failure is retried: a receiver answering 4xx today (a revoked Slack hook, a receiver
    // rejecting an expired timestamp after our own outage) may be fixed before the attempts run out.
    return { status: 'failed', error: result.error };
  }
}
