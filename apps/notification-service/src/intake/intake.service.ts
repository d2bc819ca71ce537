import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { NotificationDefaults } from '@advocacy/contracts';
import { Clock, groupBy, IdGenerator, mergeBy } from '@advocacy/platform';
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
      // Tenant defaults are read once per batch: points.v1 brings many events per tenant.
      const known = new Map<string, NotificationDefaults>();
      const defaultsOf = async (tenantId: string) => {
        const cached = known.get(tenantId);
        if (cached) return cached;
        const loaded = await this.preferences.defaults(manager, tenantId);
        known.set(tenantId, loaded);
        return loaded;
      };
      // The projections first, then the notices: no notice reads what its own batch projects
      // (names and languages come from advocate.v1, whose events bring no notices).
      await this.project(manager, fresh, defaultsOf);
      return this.notify(manager, fresh, defaultsOf);
    });
    // Together: the Redis client sends the batch's publications in one write (one by one, they were
    // a write each — the service's largest socket cost in a CPU profile at 1,000 events/s).
    await Promise.all(created.map((notification) => this.hub.publish(notification)));
  }

  /**
   * A batch's projections. Shares and weekly points — nearly every event of share.v1 and points.v1 —
   * are one statement each for the whole batch; the rest, rare, one by one in order.
   */
  private async project(
    manager: EntityManager,
    envelopes: readonly AnyEnvelope[],
    defaultsOf: DefaultsOf,
  ): Promise<void> {
    const shares: { tenantId: string; employeeId: string; contentId: string }[] = [];
    const weekly: { tenantId: string; week: string; employeeId: string; points: number }[] = [];
    for (const envelope of envelopes) {
      const tenantId = envelope.tenantId;
      switch (envelope.type) {
        case 'advocate.profile-updated':
          await this.projections.upsertAdvocate(manager, tenantId, envelope.payload, envelope.occurredAt);
          break;
        case 'content.published':
        case 'content.updated':
          await this.projections.upsertContent(manager, tenantId, envelope.payload);
          break;
        case 'content.archived':
          await this.projections.archiveContent(manager, tenantId, envelope.payload.contentId);
          break;
        case 'share.recorded':
          shares.push({
            tenantId,
            employeeId: envelope.payload.employeeId,
            contentId: envelope.payload.contentId,
          });
          break;
        case 'content.suggested':
          await this.projections.recordSuggestion(manager, tenantId, envelope.payload, envelope.occurredAt);
          break;
        case 'points.awarded': {
          const defaults = await defaultsOf(tenantId);
          const week = isoWeekOf(new Date(envelope.payload.occurredAt), defaults.timeZone);
          weekly.push({
            tenantId,
            week,
            employeeId: envelope.payload.employeeId,
            points: envelope.payload.points,
          });
          break;
        }
        default:
          break;
      }
    }
    await this.projections.recordShares(manager, shares);
    // one row per tenant, week and person: an upsert may not touch one row twice in a statement
    await this.projections.addWeeklyPoints(
      manager,
      mergeBy(
        weekly,
        (row) => `${row.tenantId}\u0000${row.week}\u0000${row.employeeId}`,
        (kept, next) => ({ ...kept, points: kept.points + next.points }),
      ),
    );
  }

  /**
   * The inbox rows and sends of a batch: the people, their preferences and the webhooks are read
   * once per tenant, the rows and sends written in one statement each, in the events' order.
   */
  private async notify(
    manager: EntityManager,
    envelopes: readonly AnyEnvelope[],
    defaultsOf: DefaultsOf,
  ): Promise<NewNotification[]> {
    const byTenant = groupBy(envelopes.filter(mayNotify), (envelope) => envelope.tenantId);
    if (byTenant.size === 0) return [];
    const now = this.clock.now();
    const sends: NewSend[] = [];
    const rows: NewNotification[] = [];
    const hooksOf = await this.webhooks.forMoments(manager, [...byTenant.keys()]);

    for (const [tenantId, events] of byTenant) {
      const people = await this.projections.advocates(manager, tenantId, events.flatMap(namesNeeded));
      const nameOf = (id: string) => people.get(id)?.displayName ?? id;
      const notices = events.map((envelope) => ({ envelope, notices: noticesOf(envelope, nameOf) }));
      const recipients = notices.flatMap(({ notices: n }) => n.personal.map((notice) => notice.employeeId));
      const unknown = recipients.filter((id) => !people.has(id));
      for (const [id, record] of await this.projections.advocates(manager, tenantId, unknown))
        people.set(id, record);
      const own = await this.preferences.ownMany(manager, tenantId, recipients);
      const defaults = recipients.length > 0 ? await defaultsOf(tenantId) : undefined;
      const hooks = hooksOf.get(tenantId) ?? [];

      for (const {
        envelope,
        notices: { personal, moments },
      } of notices) {
        for (const notice of personal) {
          const settings = defaults as NotificationDefaults;
          const mine = own.get(notice.employeeId) ?? { channels: {}, digest: null, timeZone: null };
          const channel = channelFor(notice.kind, mine, settings);
          if (channel === 'off') continue;
          const advocate = people.get(notice.employeeId);
          const text = messageText(
            mailLanguage(advocate?.language ?? null, settings.language),
            notice.params,
          );
          rows.push(this.row(tenantId, envelope, notice, text, now));
          if (channel === 'email') {
            const quiet = mine.quietHours === undefined ? settings.quietHours : mine.quietHours;
            const zone = mine.timeZone ?? settings.timeZone;
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
        for (const moment of moments) {
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

/** Events that may bring notices; the rest (shares, points, profiles) cost no reads here. */
function mayNotify(envelope: AnyEnvelope): boolean {
  const notices = noticesOf(envelope, (id) => id);
  return notices.personal.length > 0 || notices.moments.length > 0;
}
