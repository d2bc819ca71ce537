import { randomUUID } from 'node:crypto';
import {
  api,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { MailDev, startMailDev } from '../../apps/mail-dev/src/mail-dev';
import { createApp } from '../../apps/notification-service/src/app';
import { DigestService } from '../../apps/notification-service/src/email/digest.service';
import { RetentionService } from '../../apps/notification-service/src/jobs/retention.service';
import { SendWorker } from '../../apps/notification-service/src/sends/send.worker';
import { verifySignature } from '../../apps/notification-service/src/webhooks/webhook.signature';
import { WeeklyService } from '../../apps/notification-service/src/webhooks/weekly.service';
import { ShiftedClock, startReceiver } from '../../apps/notification-service/test/helpers';

const GENERIC_SECRET = 'generic-webhook-secret-of-at-least-32-chars';

describe('notification service', () => {
  let infra: TestInfra;
  let mail: MailDev;
  let service: StartedService;
  let worker: SendWorker;
  const clock = new ShiftedClock();
  // Another deployment on the same database, as another test file running in parallel is: its own
  // topics, SMTP server and outbound guard (loopback refused), and a send worker ticking every 50 ms.
  // Before sends carried their deployment's queue it took this file's mails and webhook posts.
  let bystanderInfra: TestInfra;
  let bystanderMail: MailDev;
  let bystander: StartedService;
  const tenants: string[] = [];
  const newTenantHere = () => {
    const tenant = newTenant();
    tenants.push(tenant);
    return tenant;
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    mail = await startMailDev({ smtpPort: 0, httpPort: 0 });
    bystanderInfra = await startTestInfra();
    bystanderMail = await startMailDev({ smtpPort: 0, httpPort: 0 });
    bystander = await startService(createApp, {
      ...bystanderInfra.env,
      SMTP_PORT: String(bystanderMail.smtpPort),
      UNSUBSCRIBE_SECRET: 'bystander-unsubscribe-secret-0123456789',
      SEND_WORKER_INTERVAL_MS: '50',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    });
    service = await startService(
      createApp,
      {
        ...infra.env,
        SMTP_PORT: String(mail.smtpPort),
        UNSUBSCRIBE_SECRET: 'int-unsubscribe-secret-0123456789',
        // The tests drive the worker and the schedules themselves.
        SEND_WORKER_INTERVAL_MS: '0',
        SCHEDULE_INTERVAL_MS: '0',
        RETENTION_INTERVAL_MS: '0',
        SEND_MAX_ATTEMPTS: '3',
        SEND_RETRY_BASE_MS: '50',
        SEND_RETRY_MAX_MS: '200',
        // The receivers of this test listen on loopback, which the outbound guard refuses otherwise.
        OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      },
      { clock },
    );
    worker = service.app.get(SendWorker);
  });

  afterAll(async () => {
    await bystander?.close();
    await bystanderMail?.close();
    await bystanderInfra?.teardown();
    await service?.close();
    await mail?.close();
    await infra.teardown();
  });

  const profile = (tenant: string, employeeId: string, language: string, email?: string) => ({
    type: 'advocate.profile-updated' as const,
    tenantId: tenant,
    subject: employeeId,
    payload: {
      employeeId,
      displayName: employeeId.toUpperCase(),
      teamId: null,
      role: null,
      topics: [],
      language,
      ...(email ? { email } : {}),
    },
  });

  const published = (tenant: string, contentId: string, title: string, campaignId?: string) => ({
    type: 'content.published' as const,
    tenantId: tenant,
    subject: contentId,
    payload: {
      contentId,
      url: `https://example.com/${contentId}`,
      title,
      language: 'en',
      topics: [],
      campaignId,
      publishedAt: '2026-11-01T10:00:00Z',
    },
  });

  it('sends the digest at the chosen local hour, once, with at most ten unshared items', async () => {
    const tenant = newTenantHere();
    const email = `bob-${randomUUID().slice(0, 8)}@example.com`;
    const bob = infra.token({ tenant, sub: 'bob' });
    const contentIds = Array.from({ length: 13 }, () => randomUUID());
    // Wednesday 2 December 2026, 06:59 UTC = 07:59 in Amsterdam (winter time).
    clock.set('2026-12-02T06:59:00Z');
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'bob', 'en', email),
      ...contentIds.map((id, index) => published(tenant, id, `Story ${index + 1}`)),
      {
        type: 'content.suggested',
        tenantId: tenant,
        subject: 'bob',
        occurredAt: '2026-12-01T08:00:00Z',
        payload: { employeeId: 'bob', contentIds, reason: "today's picks", day: '2026-12-01' },
      },
      // Two of them are already shared: the digest leaves them out.
      ...contentIds.slice(0, 2).map((contentId) => ({
        type: 'share.recorded' as const,
        tenantId: tenant,
        subject: 'bob',
        payload: {
          shareId: randomUUID(),
          employeeId: 'bob',
          teamId: null,
          contentId,
          network: 'linkedin' as const,
          linkCode: `code${randomUUID().slice(0, 8)}`,
        },
      })),
    ]);
    const chose = await api(service.url, bob).put('/api/v1/me/notification-preferences', {
      digest: { enabled: true, days: ['wed'], hour: 8 },
      timeZone: 'Europe/Amsterdam',
    });
    expect(chose.status).toBe(200);
    expect(chose.body.effective.digest).toEqual({ enabled: true, days: ['wed'], hour: 8 });

    const dataSource = service.app.get(DataSource);
    await waitFor(async () => {
      const [row] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notification.shared WHERE tenant_id = $1`,
        [tenant],
      );
      const [suggested] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notification.suggested s JOIN notification.content c USING (tenant_id, content_id) WHERE s.tenant_id = $1`,
        [tenant],
      );
      return row.n === 2 && suggested.n === 13;
    });

    const digests = service.app.get(DigestService);
    const mine = () => mail.mails.filter((message) => message.to.includes(email));
    // The database is shared with other test files (and earlier runs): count this tenant's digests.
    const queuedDigests = async () => {
      const [row] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notification.sends WHERE tenant_id = $1 AND kind = 'digest'`,
        [tenant],
      );
      return row.n;
    };
    await digests.runDigests();
    expect(await queuedDigests()).toBe(0);
    await worker.drain();
    expect(mine()).toHaveLength(0);

    clock.set('2026-12-02T07:00:00Z'); // 08:00 in Amsterdam
    expect(await digests.runDigests()).toBeGreaterThanOrEqual(1);
    expect(await queuedDigests()).toBe(1);
    // A second replica's tick (or the next minute) finds the day claimed.
    await digests.runDigests();
    expect(await queuedDigests()).toBe(1);
    await worker.drain();
    const [digest] = await waitFor(() => (mine().length > 0 ? mine() : undefined));
    expect(digest.subject).toBe('10 posts to share');
    const listed = [...digest.text.matchAll(/^- (Story \d+)$/gm)].map((match) => match[1]);
    expect(listed).toHaveLength(10);
    expect(listed).not.toContain('Story 1');
    expect(listed).not.toContain('Story 2');
    expect(digest.headers['list-unsubscribe']).toMatch(/\/api\/v1\/unsubscribe\?token=/);

    // One-click GET from the mail body switches the digest off.
    const link = /^<(.+)>$/
      .exec(digest.headers['list-unsubscribe'])![1]
      .replace(/^https?:\/\/[^/]+/, service.url);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('unsubscribed from the digest');
    const after = await api(service.url, bob).get('/api/v1/me/notification-preferences');
    expect(after.body.effective.digest.enabled).toBe(false);
    expect(mine()).toHaveLength(1);
  });

  it('posts signed Slack, Teams and generic payloads; a failing receiver is retried, dead-lettered and replayed', async () => {
    const tenant = newTenantHere();
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const failing = new Set(['/broken']);
    const receiver = await startReceiver(failing);
    try {
      const put = await api(service.url, admin).put('/api/v1/webhooks', {
        webhooks: [
          {
            id: 'slack',
            flavor: 'slack',
            url: `${receiver.url}/slack`,
            moments: ['hero', 'campaign-content'],
          },
          { id: 'teams', flavor: 'teams', url: `${receiver.url}/teams`, moments: ['hero'] },
          {
            id: 'generic',
            flavor: 'generic',
            url: `${receiver.url}/generic`,
            secret: GENERIC_SECRET,
            moments: ['hero'],
          },
          { id: 'broken', flavor: 'slack', url: `${receiver.url}/broken`, moments: ['hero'] },
        ],
      });
      expect(put.status).toBe(200);
      expect(put.body.webhooks.map((hook: { url: string }) => hook.url)).toEqual([
        `${receiver.url}/…`,
        `${receiver.url}/…`,
        `${receiver.url}/…`,
        `${receiver.url}/…`,
      ]);

      const internal = await api(service.url, admin).put('/api/v1/webhooks', {
        webhooks: [{ flavor: 'slack', url: 'http://169.254.169.254/latest/meta-data', moments: ['hero'] }],
      });
      expect(internal.status).toBe(400);
      expect(internal.body.error.message).toBe('webhooks.0.url: blocked_address');

      clock.set(new Date());
      const dataSource = service.app.get(DataSource);
      // advocate.v1 and badge.v1 are separate topics: the name must be projected before the HERO arrives.
      await publishEvents(infra.kafka, infra.prefix, [profile(tenant, 'hana', 'en', 'hana@example.com')]);
      await waitFor(async () => {
        const rows = await dataSource.query<unknown[]>(
          `SELECT 1 FROM notification.advocates WHERE tenant_id = $1 AND employee_id = 'hana'`,
          [tenant],
        );
        return rows.length === 1;
      });
      await publishEvents(infra.kafka, infra.prefix, [
        {
          type: 'hero.qualified',
          tenantId: tenant,
          subject: 'hana',
          payload: { employeeId: 'hana', period: '2026-W48', reason: 'Top 10% of the week' },
        },
      ]);
      await waitFor(async () => {
        const [row] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM notification.sends WHERE tenant_id = $1 AND channel = 'webhook'`,
          [tenant],
        );
        return row.n === 4;
      });
      const sentAt = clock.now();
      await worker.drain();

      const byPath = (path: string) => receiver.requests.filter((request) => request.path === path);
      const [slack] = byPath('/slack');
      expect(JSON.parse(slack.body)).toMatchObject({
        text: 'New HERO: HANA\nTop 10% of the week (2026-W48)',
        blocks: [{ type: 'header' }, { type: 'section' }],
      });
      const [teams] = byPath('/teams');
      const card = JSON.parse(teams.body);
      expect(card.type).toBe('message');
      expect(card.attachments[0].content.body[0].text).toBe('New HERO: HANA');
      const [generic] = byPath('/generic');
      expect(JSON.parse(generic.body)).toMatchObject({
        moment: 'hero',
        tenantId: tenant,
        data: { employeeId: 'hana', period: '2026-W48' },
      });
      const signature = generic.headers['x-advocacy-signature'] as string;
      expect(verifySignature(GENERIC_SECRET, generic.body, signature, sentAt)).toBe(true);
      expect(verifySignature(GENERIC_SECRET, `${generic.body} `, signature, sentAt)).toBe(false);
      expect(
        verifySignature(GENERIC_SECRET, generic.body, signature, new Date(sentAt.getTime() + 600_000)),
      ).toBe(false);
      expect(generic.headers['x-advocacy-delivery']).toEqual(JSON.parse(generic.body).id);
      expect(slack.headers['x-advocacy-signature']).toBeUndefined();

      // The broken receiver: three attempts with backoff, then the dead-letter list.
      const dead = await waitFor(
        async () => {
          await worker.drain();
          const list = await api(service.url, admin).get('/api/v1/webhooks/dead-letters');
          return list.body.deadLetters.length > 0 ? list.body.deadLetters : undefined;
        },
        { intervalMs: 100, message: 'dead letter' },
      );
      expect(dead).toEqual([
        expect.objectContaining({
          webhookId: 'broken',
          moment: 'hero',
          attempts: 3,
          lastError: 'http_status_500',
        }),
      ]);
      expect(byPath('/broken')).toHaveLength(3);

      failing.clear();
      const replay = await api(service.url, admin).post(`/api/v1/webhooks/dead-letters/${dead[0].id}/replay`);
      expect(replay.status).toBe(202);
      await worker.drain();
      expect(byPath('/broken')).toHaveLength(4);
      const empty = await api(service.url, admin).get('/api/v1/webhooks/dead-letters');
      expect(empty.body.deadLetters).toEqual([]);
      // Every other receiver got its post once.
      expect(byPath('/slack')).toHaveLength(1);
      expect(byPath('/teams')).toHaveLength(1);
      expect(byPath('/generic')).toHaveLength(1);

      // Campaign content goes to the hooks that chose it; the weekly top 3 on Monday morning.
      await publishEvents(infra.kafka, infra.prefix, [
        published(tenant, randomUUID(), 'Spring launch', 'spring'),
        {
          type: 'points.awarded',
          tenantId: tenant,
          subject: 'hana',
          payload: {
            entryId: randomUUID(),
            employeeId: 'hana',
            teamId: null,
            points: 40,
            reason: 'share',
            sourceEventId: randomUUID(),
            occurredAt: '2026-11-25T10:00:00Z',
          },
        },
      ]);
      await waitFor(async () => {
        await worker.drain();
        return byPath('/slack').length === 2;
      });
      expect(JSON.parse(byPath('/slack')[1].body).text).toContain('New campaign content: Spring launch');

      await api(service.url, admin).put('/api/v1/webhooks', {
        webhooks: [
          { id: 'generic', flavor: 'generic', url: `${receiver.url}/generic`, moments: ['weekly-top3'] },
        ],
      });
      clock.set('2026-11-30T08:30:00Z'); // Monday 09:30 in Amsterdam: week 2026-W48 has ended
      const weekly = service.app.get(WeeklyService);
      const queuedTop3 = async () => {
        const [row] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM notification.sends WHERE tenant_id = $1 AND kind = 'weekly-top3'`,
          [tenant],
        );
        return row.n;
      };
      expect(await weekly.runWeeklyTop3()).toBeGreaterThanOrEqual(1);
      expect(await queuedTop3()).toBe(1);
      await weekly.runWeeklyTop3();
      expect(await queuedTop3()).toBe(1);
      await worker.drain();
      const top = JSON.parse(byPath('/generic')[1].body);
      expect(top).toMatchObject({
        moment: 'weekly-top3',
        data: { week: '2026-W48', top: [{ employeeId: 'hana', displayName: 'HANA', points: 40 }] },
      });
    } finally {
      await receiver.close();
    }
  });

  it('keeps inbox and preferences per person, refuses bad input naming the field, and forgets after the retention', async () => {
    const tenant = newTenantHere();
    const cleo = infra.token({ tenant, sub: 'cleo' });
    const dan = infra.token({ tenant, sub: 'dan' });
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    clock.set(new Date());

    const defaults = await api(service.url, admin).put('/api/v1/notification-preferences/defaults', {
      channels: { tip: 'email' },
      quietHours: { start: '22:00', end: '07:00' },
    });
    expect(defaults.status).toBe(200);
    expect(defaults.body.channels.tip).toBe('email');
    const forbidden = await api(service.url, cleo).put('/api/v1/notification-preferences/defaults', {});
    expect(forbidden.status).toBe(403);

    const bad = await api(service.url, cleo).put('/api/v1/me/notification-preferences', {
      channels: { badge: 'pigeon' },
      quietHours: { start: '25:00', end: '07:00' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('channels.badge');
    expect(bad.body.error.message).toContain('quietHours.start');
    const unknown = await api(service.url, cleo).put('/api/v1/me/notification-preferences', {
      colour: 'red',
    });
    expect(unknown.status).toBe(400);

    await api(service.url, dan).put('/api/v1/me/notification-preferences', { channels: { tip: 'off' } });
    const dataSource = service.app.get(DataSource);
    // Cleo is known but has no address: her tip mail is skipped (an unknown person's is retried).
    await publishEvents(infra.kafka, infra.prefix, [profile(tenant, 'cleo', 'en')]);
    await waitFor(async () => {
      const rows = await dataSource.query<unknown[]>(
        `SELECT 1 FROM notification.advocates WHERE tenant_id = $1 AND employee_id = 'cleo'`,
        [tenant],
      );
      return rows.length === 1;
    });
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'coaching.tip-sent',
        tenantId: tenant,
        subject: 'carol',
        payload: {
          tipId: randomUUID(),
          coachId: 'carol',
          employeeIds: ['cleo', 'dan'],
          text: 'Post before 9',
        },
      },
    ]);
    const inbox = await waitFor(async () => {
      const response = await api(service.url, cleo).get('/api/v1/notifications');
      return response.body.notifications?.length === 1 ? response.body : undefined;
    });
    expect(inbox).toMatchObject({
      unread: 1,
      total: 1,
      notifications: [{ kind: 'tip', title: 'A tip from carol' }],
    });
    const danInbox = await api(service.url, dan).get('/api/v1/notifications');
    expect(danInbox.body.total).toBe(0);

    // Dan cannot mark Cleo's notification read.
    const id = inbox.notifications[0].id as string;
    expect((await api(service.url, dan).post('/api/v1/notifications/read', { ids: [id] })).body.marked).toBe(
      0,
    );
    expect((await api(service.url, cleo).post('/api/v1/notifications/read', { ids: [id] })).body).toEqual({
      marked: 1,
      unread: 0,
    });
    const badRead = await api(service.url, cleo).post('/api/v1/notifications/read', { ids: ['x'] });
    expect(badRead.status).toBe(400);

    const [send] = await dataSource.query<{ payload: unknown }[]>(
      `SELECT payload FROM notification.sends WHERE tenant_id = $1 AND recipient = 'cleo'`,
      [tenant],
    );
    expect(send.payload).not.toBeNull();

    clock.set(new Date(Date.now() + 91 * 86_400_000));
    await worker.drain();
    await service.app.get(RetentionService).purge();
    expect((await api(service.url, cleo).get('/api/v1/notifications')).body.total).toBe(0);
    const [scrubbed] = await dataSource.query<{ payload: unknown; idempotency_key: string }[]>(
      `SELECT payload, idempotency_key FROM notification.sends WHERE tenant_id = $1 AND recipient = 'cleo'`,
      [tenant],
    );
    expect(scrubbed.payload).toBeNull();
    expect(scrubbed.idempotency_key).toContain(':cleo:tip:');
  });

  it('left every send to its own deployment: the bystander on the same database took none', async () => {
    const dataSource = service.app.get(DataSource);
    const rows = await dataSource.query<{ claimed_by: string | null; n: number }[]>(
      `SELECT claimed_by, count(*)::int AS n FROM notification.sends WHERE tenant_id = ANY($1)
       GROUP BY claimed_by`,
      [tenants],
    );
    expect(rows.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(0);
    expect(rows.map((row) => row.claimed_by)).toEqual([worker.workerId]);
    expect(bystanderMail.mails).toEqual([]);
    // claimed_by shows the last claimant only: the bystander's own count shows it never tried one.
    const metrics = await (await fetch(`${bystander.url}/metrics`)).text();
    expect(metrics).toContain('# TYPE notification_sends_total counter');
    expect(metrics).not.toMatch(/^notification_sends_total\{/m);
  });
});
