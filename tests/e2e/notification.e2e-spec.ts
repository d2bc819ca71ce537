import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp as createContent } from '../../apps/content-service/src/app';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { MailDev, startMailDev } from '../../apps/mail-dev/src/mail-dev';
import { createApp as createNotification } from '../../apps/notification-service/src/app';
import { openStream } from '../../apps/notification-service/test/helpers';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  publishRaw,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';

/**
 * The whole chain through the real broker and the project's own SMTP server: Anna saves her profile
 * in the content service (her address comes from her sign-in token), a share earns the "First
 * share" badge in the leaderboard service, and the notification service turns it into one inbox
 * entry (seen live on the stream) and one Dutch e-mail whose unsubscribe link works.
 */
describe('share → badge → notification and e-mail', () => {
  let infra: TestInfra;
  let mail: MailDev;
  let services: StartedService[] = [];
  let tracking: StartedService;
  let content: StartedService;
  let notify: StartedService;
  let notifyUrl: string;
  // The address mail readers reach the service at (the edge in production); the test's own port is
  // ephemeral, so links are checked against this base and followed on the real port.
  const publicUrl = 'http://notify.e2e.invalid';

  beforeAll(async () => {
    infra = await startTestInfra();
    mail = await startMailDev({ smtpPort: 0, httpPort: 0 });
    notify = await startService(createNotification, {
      ...infra.env,
      SMTP_PORT: String(mail.smtpPort),
      UNSUBSCRIBE_SECRET: 'e2e-unsubscribe-secret-0123456789',
      NOTIFY_PUBLIC_URL: publicUrl,
      SEND_WORKER_INTERVAL_MS: '100',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
      SSE_HEARTBEAT_MS: '500',
    });
    notifyUrl = notify.url;
    tracking = await startService(createShareTracking, infra.env);
    const scoring = await startService(createScoring, infra.env);
    const board = await startService(createLeaderboard, infra.env);
    content = await startService(createContent, infra.env);
    services = [tracking, scoring, board, content];
  });

  /** True once the notification service's group has committed every message of `topic`. */
  const consumedToEnd = async (topic: string) => {
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({
        groupId: `${infra.prefix}notification-service`,
        topics: [topic],
      });
      // An empty partition has no committed offset (-1): done when nothing was ever in it.
      return ends.every((end) => {
        const offset = committed.partitions.find(
          (partition) => partition.partition === end.partition,
        )?.offset;
        return Math.max(Number(offset ?? -1), Number(end.low)) >= Number(end.high);
      });
    } finally {
      await admin.disconnect();
    }
  };

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
    await notify?.close();
    await mail?.close();
    await infra.teardown();
  });

  it('delivers one inbox entry on the stream and one Dutch e-mail with a working unsubscribe link', async () => {
    const tenant = newTenant();
    const email = `anna-${randomUUID().slice(0, 8)}@example.com`;
    const anna = infra.token({ tenant, sub: 'anna', roles: ['employee'], team: 'sales', email });
    const contentId = randomUUID();
    const profile = await api(content.url, anna).put('/api/v1/me/profile', {
      displayName: 'Anna de Vries',
      language: 'nl',
    });
    expect(profile.status).toBe(200);
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'content.published',
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: 'https://example.com/news/launch',
          title: 'Launch',
          language: 'nl',
          topics: [],
          publishedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
        },
      },
    ]);
    // advocate.v1 and badge.v1 are separate topics: the address must be there before the badge.
    await waitFor(
      async () => {
        const rows = await notify.app
          .get(DataSource)
          .query<{ email: string | null }[]>(
            `SELECT email FROM notification.advocates WHERE tenant_id = $1 AND employee_id = 'anna'`,
            [tenant],
          );
        return rows[0]?.email === email;
      },
      { timeoutMs: 30000, message: "Anna's address from the content service" },
    );
    const prefs = await api(notifyUrl, anna).put('/api/v1/me/notification-preferences', {
      channels: { badge: 'email' },
    });
    expect(prefs.status).toBe(200);
    expect(prefs.body.effective.channels.badge).toBe('email');

    // The token rides in the Authorization header only: one in the URL authenticates nothing (401),
    // and beside a header it is an unknown query key (400 naming it).
    expect((await fetch(`${notifyUrl}/api/v1/notifications/stream?token=${anna}`)).status).toBe(401);
    const inUrl = await fetch(`${notifyUrl}/api/v1/notifications/stream?token=${anna}`, {
      headers: { authorization: `Bearer ${anna}` },
    });
    expect(inUrl.status).toBe(400);
    expect(await inUrl.text()).toContain('token');
    const stream = await openStream(`${notifyUrl}/api/v1/notifications/stream`, anna);
    try {
      expect(stream.contentType).toContain('text/event-stream');
      await waitFor(() => stream.events.find((event) => event.event === 'unread'));
      const badges = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);

      const created = await waitFor(async () => {
        const response = await api(tracking.url, anna).post('/api/v1/shares', {
          contentId,
          network: 'linkedin',
          text: 'Trots op ons team',
        });
        return response.body.error?.code === 'content_unknown' ? undefined : response;
      });
      expect(created.status).toBe(201);

      const live = await waitFor(() => stream.events.find((event) => event.event === 'notification'), {
        timeoutMs: 45000,
        message: 'badge notification on the stream',
      });
      expect(live.data).toMatchObject({ kind: 'badge', title: 'Je hebt de badge First share verdiend' });

      const received = await waitFor(() => mail.mails.find((message) => message.to.includes(email)), {
        timeoutMs: 20000,
        message: 'badge e-mail',
      });
      expect(received.subject).toBe('Je hebt de badge First share verdiend');
      expect(received.text).toContain('Hallo Anna de Vries');
      expect(received.html).toContain('Afmelden voor deze e-mails');
      expect(received.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const publicLink = /^<(.+)>$/.exec(received.headers['list-unsubscribe'])?.[1];
      expect(publicLink).toMatch(/^http:\/\/notify\.e2e\.invalid\/api\/v1\/unsubscribe\?token=/);
      const link = publicLink!.replace(publicUrl, notifyUrl);

      // The badge event redelivered (as after a consumer crash) changes nothing.
      await waitFor(() => badges.messages.find((message) => message.json?.type === 'badge.awarded'));
      const award = badges.messages.find((message) => message.json?.type === 'badge.awarded')!;
      await publishRaw(infra.kafka, [
        { topic: award.topic, key: award.message.key!.toString(), value: award.message.value!.toString() },
      ]);
      await badges.stop();

      // RFC 8058 one-click: a POST with the form body mail clients send.
      const unsubscribed = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(unsubscribed.status).toBe(200);
      const after = await api(notifyUrl, anna).get('/api/v1/me/notification-preferences');
      expect(after.body.effective.channels.badge).toBe('in-app');
      const tampered = await fetch(
        link.replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`),
      );
      expect(tampered.status).toBe(400);

      // Count once the redelivered copy is consumed (the group's offset is at the end of badge.v1) and
      // the send queue holds nothing for this tenant: no timing guess.
      await waitFor(() => consumedToEnd(award.topic), { message: 'redelivered badge consumed' });
      await waitFor(async () => {
        const [row] = await notify.app
          .get(DataSource)
          .query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM notification.sends WHERE tenant_id = $1 AND status IN ('pending', 'sending')`,
            [tenant],
          );
        return row.n === 0;
      });
      expect(mail.mails.filter((message) => message.to.includes(email))).toHaveLength(1);
      expect(stream.events.filter((event) => event.event === 'notification')).toHaveLength(1);
      const inbox = await api(notifyUrl, anna).get('/api/v1/notifications');
      expect(inbox.status).toBe(200);
      expect(inbox.body.unread).toBe(1);
      expect(inbox.body.notifications).toHaveLength(1);
      expect(inbox.body.notifications[0]).toMatchObject({ kind: 'badge', link: '/badges', readAt: null });
      // one kind only: its own total, the inbox's unread count
      const tips = await api(notifyUrl, anna).get('/api/v1/notifications?kind=tip');
      expect(tips.body).toMatchObject({ notifications: [], total: 0, unread: 1 });
      const ofBadges = await api(notifyUrl, anna).get('/api/v1/notifications?kind=badge');
      expect(ofBadges.body).toMatchObject({ total: 1, unread: 1 });
      const unknownKind = await api(notifyUrl, anna).get('/api/v1/notifications?kind=gossip');
      expect(unknownKind.status).toBe(400);
      expect(unknownKind.body.error.message).toContain('kind');

      const read = await api(notifyUrl, anna).post('/api/v1/notifications/read', { all: true });
      expect(read.body).toEqual({ marked: 1, unread: 0 });
    } finally {
      await stream.close();
    }
  });
});
