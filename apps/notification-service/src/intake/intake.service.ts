import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { NotificationDefaults } from '@advocacy/contracts';
import { Clock, IdGenerator } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { messageText, MessageText } from '../email/messages';
import { InboxHub } from '../inbox/inbox.hub';
import { NewNotification, NotificationRepository } from '../inbox/notification.repository';
import { channelFor, mailLanguage } from '../preferences/preference.rules';
import { PreferenceRepository } from '../preferences/preference.repository';
import { isoWeekOf, quietUntil } from '../sends/schedule.rules';
import { NewSend, SendRepository } from '../sends/send.repository';
import { WebhookRepository } from '../webhooks/webhook.repository';
import { namesNeeded, noticesOf, PersonalNotice } from './intake.rules';
import { ProjectionRepository } from './projection.repository';

type DefaultsOf = (tenantId: string) => Promise<NotificationDefaults>;

/**
 * Turns consumed events into inbox rows, queued e-mails and queued webhook posts. Each batch is one
 * transaction with its inbox claim: a redelivered event finds its envelope id claimed and changes
 * nothing, and the inbox rows and sends carry unique keys per (recipient, kind, source event) as a
 * second line. The stream hears about new rows only after the commit.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly projections: ProjectionRepository,
    private readonly notifications: NotificationRepository,
    private readonly preferences: PreferenceRepository,
    private readonly sends: SendRepository,
    private readonly webhooks: WebhookRepository,
    private readonly hub: InboxHub,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async apply(consumer: string, envelopes: readonly AnyEnvelope[]): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, consumer, envelopes);
      const added: NewNotification[] = [];
      // Tenant defaults are read once per batch: points.v1 brings many events per tenant.
      const known = new Map<string, NotificationDefaults>();
      const defaultsOf = async (tenantId: string) => {
        const cached = known.get(tenantId);
        if (cached) return cached;
        const loaded = await this.preferences.defaults(manager, tenantId);
        known.set(tenantId, loaded);
        return loaded;
      };
      for (const envelope of fresh) {
        await this.project(manager, envelope, defaultsOf);
        added.push(...(await this.notify(manager, envelope, defaultsOf)));
      }
      return added;
    });
    for (const notification of created) await this.hub.publish(notification);
  }

  private async project(
    manager: EntityManager,
    envelope: AnyEnvelope,
    defaultsOf: DefaultsOf,
  ): Promise<void> {
    const tenantId = envelope.tenantId;
    switch (envelope.type) {
      case 'advocate.profile-updated':
        await this.projections.upsertAdvocate(manager, tenantId, envelope.payload, envelope.occurredAt);
        return;
      case 'content.published':
      case 'content.updated':
        await this.projections.upsertContent(manager, tenantId, envelope.payload);
        return;
      case 'content.archived':
        await this.projections.archiveContent(manager, tenantId, envelope.payload.contentId);
        return;
      case 'share.recorded':
        await this.projections.recordShare(
          manager,
          tenantId,
          envelope.payload.employeeId,
          envelope.payload.contentId,
        );
        return;
      case 'content.suggested':
        await this.projections.recordSuggestion(manager, tenantId, envelope.payload, envelope.occurredAt);
        return;
      case 'points.awarded': {
        const defaults = await defaultsOf(tenantId);
        const week = isoWeekOf(new Date(envelope.payload.occurredAt), defaults.timeZone);
        await this.projections.addWeeklyPoints(manager, [
          { tenantId, week, employeeId: envelope.payload.employeeId, points: envelope.payload.points },
        ]);
        return;
      }
      default:
        return;
    }
  }

  private async notify(
    manager: EntityManager,
    envelope: AnyEnvelope,
    defaultsOf: DefaultsOf,
  ): Promise<NewNotification[]> {
    const tenantId = envelope.tenantId;
    const names = await this.projections.names(manager, tenantId, namesNeeded(envelope));
    const notices = noticesOf(envelope, (id) => names.get(id) ?? id);
    const now = this.clock.now();
    const sends: NewSend[] = [];
    const rows: NewNotification[] = [];

    if (notices.personal.length > 0) {
      const defaults = await defaultsOf(tenantId);
      const own = await this.preferences.ownMany(
        manager,
        tenantId,
        notices.personal.map((notice) => notice.employeeId),
      );
      for (const notice of notices.personal) {
        const mine = own.get(notice.employeeId) ?? { channels: {}, digest: null, timeZone: null };
        const channel = channelFor(notice.kind, mine, defaults);
        if (channel === 'off') continue;
        const advocate = await this.projections.advocate(manager, tenantId, notice.employeeId);
        const text = messageText(mailLanguage(advocate?.language ?? null, defaults.language), notice.params);
        rows.push(this.row(tenantId, envelope, notice, text, now));
        if (channel === 'email') {
          const quiet = mine.quietHours === undefined ? defaults.quietHours : mine.quietHours;
          const zone = mine.timeZone ?? defaults.timeZone;
          sends.push({
            id: this.ids.next(),
            idempotencyKey: `email:${tenantId}:${notice.employeeId}:${notice.kind}:${envelope.id}`,
            tenantId,
            channel: 'email',
            recipient: notice.employeeId,
            kind: notice.kind,
            sourceEventId: envelope.id,
            payload: { type: 'notification', params: notice.params },
            // Quiet hours hold the mail back; the inbox row is there at once.
            notBefore: quietUntil(now, zone, quiet),
            createdAt: now,
          });
        }
      }
    }

    if (notices.moments.length > 0) {
      const hooks = (await this.webhooks.forMoments(manager, [tenantId])).get(tenantId) ?? [];
      for (const moment of notices.moments) {
        for (const hook of hooks.filter((candidate) => candidate.moments.includes(moment.moment))) {
          const key = `webhook:${tenantId}:${hook.id}:${moment.moment}:${envelope.id}`;
          sends.push({
            id: this.ids.next(),
            idempotencyKey: key,
            tenantId,
            channel: 'webhook',
            recipient: hook.id,
            kind: moment.moment,
            sourceEventId: envelope.id,
            payload: {
              type: 'webhook',
              moment: { ...moment, id: key, tenantId, occurredAt: envelope.occurredAt },
            },
            notBefore: now,
            createdAt: now,
          });
        }
      }
    }

    const inserted = await this.notifications.insert(manager, rows);
    await this.sends.enqueue(manager, sends);
    return inserted;
  }

  private row(
    tenantId: string,
    envelope: AnyEnvelope,
    notice: PersonalNotice,
    text: MessageText,
    now: Date,
  ): NewNotification {
    return {
      id: this.ids.next(),
      tenantId,
      employeeId: notice.employeeId,
      kind: notice.kind,
      title: text.title,
      body: text.body,
      link: notice.link,
      sourceEventId: envelope.id,
      createdAt: now,
    };
  }
}
