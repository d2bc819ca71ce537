import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  api,
  newTenant,
  profileEvent,
  publishEvents,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { Client } from 'pg';
import { MailDev, MailDevOptions, startMailDev } from '../../apps/mail-dev/src/mail-dev';
import { freePort } from '../../apps/notification-service/test/helpers';

const ROOT = path.join(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/apps/notification-service/src/main.js');

jest.setTimeout(180000);

interface SendRow {
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/**
 * Kills the notification service (a child process this test started — Kafka, Postgres and Redis keep
 * running, the broker is never stopped) in the middle of an SMTP transaction, restarts it, and counts
 * raw deliveries per person. mail-dev holds one step of the transaction and the SIGKILL is sent from
 * that hold's callback, so the service dies at a known point:
 *
 * - holding RCPT TO: the dead client sent no message, nothing is delivered, and the restarted service
 *   takes the row over after its lease and sends it — exactly one mail;
 * - holding the answer to the final ".": the server has the whole message (and keeps it, like a real
 *   MTA). The service committed its marker before the ".", so the restarted service does not send it
 *   again: the row is `in-doubt`, still exactly one mail, and an admin sees it and may resend.
 */
function crashHarness(mailOptions: Omit<MailDevOptions, 'smtpPort' | 'httpPort' | 'onHold'>) {
  const harness = {
    infra: undefined as unknown as TestInfra,
    mail: undefined as unknown as MailDev,
    url: '',
    env: {} as NodeJS.ProcessEnv,
    child: undefined as ChildProcess | undefined,
    killed: false,
    onHold: undefined as ((to: string[]) => void) | undefined,
    start: async () => {
      const started = spawn(process.execPath, [MAIN], {
        env: harness.env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      harness.child = started;
      await waitFor(
        async () => {
          if (started.exitCode !== null)
            throw new Error(`notification service exited with ${started.exitCode}`);
          const response = await fetch(`${harness.url}/health/ready`).catch(() => null);
          return response?.ok === true;
        },
        { timeoutMs: 60000, message: 'notification service ready' },
      );
    },
    /**
     * SIGKILLs the service from the first hold of one of the tenant's mails once `after` are in, and
     * waits for it to exit.
     */
    killOnHold: async (tenant: string, after: number) => {
      harness.killed = false;
      harness.onHold = (to) => {
        if (
          harness.mine(tenant).length < after ||
          !to.some((rcpt) => rcpt.endsWith(`-${tenant}@example.com`))
        )
          return;
        harness.onHold = undefined;
        harness.child!.once('exit', () => (harness.killed = true));
        harness.child!.kill('SIGKILL');
      };
      await waitFor(() => harness.killed, {
        timeoutMs: 60000,
        message: `a mail held (${harness.mine(tenant).length} received so far)`,
      });
    },
    mine: (tenant: string) =>
      harness.mail.mails.filter((message) => message.to.some((to) => to.endsWith(`-${tenant}@example.com`))),
    /** Publishes a profile with an address and a badge (mailed: the tenant default) for each person. */
    award: async (tenant: string, people: string[]) => {
      const admin = harness.infra.token({ tenant, sub: 'root', roles: ['admin'] });
      const defaults = await api(harness.url, admin).put('/api/v1/notification-preferences/defaults', {
        channels: { badge: 'email' },
      });
      expect(defaults.status).toBe(200);
      await publishEvents(
        harness.infra.kafka,
        harness.infra.prefix,
        people.flatMap((id) => [
          profileEvent(tenant, id, { displayName: id, teamId: null, role: null, email: address(tenant, id) }),
          {
            type: 'badge.awarded' as const,
            tenantId: tenant,
            subject: id,
            payload: { employeeId: id, badgeId: 'first-share', name: 'First share' },
          },
        ]),
      );
    },
    sends: async (tenant: string): Promise<SendRow[]> => {
      const client = new Client({ connectionString: harness.env.DATABASE_URL });
      await client.connect();
      try {
        const result = await client.query<SendRow>(
          `SELECT recipient, status, attempts, last_error FROM notification.sends WHERE tenant_id = $1
           ORDER BY created_at`,
          [tenant],
        );
        return result.rows;
      } finally {
        await client.end();
      }
    },
    /** Waits until every person has a mail, and then out a lease more for any duplicate to show. */
    settle: async (tenant: string, people: string[]) => {
      try {
        await waitFor(() => harness.mine(tenant).length >= people.length, { timeoutMs: 90000 });
      } catch {
        const rows = await harness.sends(tenant).catch(() => []);
        throw new Error(
          `${harness.mine(tenant).length} of ${people.length} mails after the restart; sends: ${JSON.stringify(rows)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 4000));
    },
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    harness.infra = await startTestInfra();
    harness.mail = await startMailDev({
      ...mailOptions,
      smtpPort: 0,
      httpPort: 0,
      onHold: (to) => harness.onHold?.(to),
    });
    const port = await freePort();
    harness.url = `http://127.0.0.1:${port}`;
    harness.env = {
      ...harness.infra.env,
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      SMTP_PORT: String(harness.mail.smtpPort),
      UNSUBSCRIBE_SECRET: 'fault-unsubscribe-secret-0123456789',
      NOTIFY_PUBLIC_URL: harness.url,
      SEND_WORKER_INTERVAL_MS: '100',
      SEND_LEASE_MS: '3000',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    };
    await harness.start();
  });

  afterAll(async () => {
    harness.child?.kill('SIGKILL');
    await harness.mail?.close();
    await harness.infra?.teardown();
  });

  return harness;
}

const address = (tenant: string, id: string) => `${id}-${tenant}@example.com`;
const peopleOf = (count: number) => Array.from({ length: count }, (_, index) => `p${index}`);

describe('notification service killed while the SMTP server holds RCPT TO', () => {
  const service = crashHarness({ rcptDelayMs: 150 });
  const people = peopleOf(24);

  it('takes the interrupted mail over and sends every mail once per person (one Message-ID each)', async () => {
    const tenant = newTenant();
    await service.award(tenant, people);
    // A few mails are through and the next one waits for the server's answer to RCPT TO.
    await service.killOnHold(tenant, 4);
    expect(service.mine(tenant).length).toBeLessThan(people.length);

    await service.start();
    await service.settle(tenant, people);

    const received = service.mine(tenant);
    expect(received.map((message) => message.to[0]).sort()).toEqual(
      people.map((id) => address(tenant, id)).sort(),
    );
    expect(new Set(received.map((message) => message.messageId)).size).toBe(people.length);
    const rows = await service.sends(tenant);
    expect(rows).toHaveLength(people.length);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // The kill interrupted at least one claimed row: it was taken over after its lease.
    expect(rows.some((row) => row.attempts >= 2)).toBe(true);
  });
});

describe('notification service killed while the SMTP server holds its answer to the final "."', () => {
  const service = crashHarness({ acceptDelayMs: 1000 });
  const people = peopleOf(5);

  it('does not send the held mail again: one mail per person, the row in doubt, an admin may resend', async () => {
    const tenant = newTenant();
    await service.award(tenant, people);
    // Two mails are through; the third is received in full and waits for its "250 OK".
    await service.killOnHold(tenant, 2);
    // mail-dev keeps the held message although its sender is gone, as a real MTA does.
    await waitFor(() => service.mine(tenant).length === 3, {
      timeoutMs: 5000,
      message: 'the held mail kept',
    });
    const held = service.mine(tenant)[2].to[0];

    await service.start();
    await service.settle(tenant, people);

    const received = service.mine(tenant);
    expect(received.map((message) => message.to[0]).sort()).toEqual(
      people.map((id) => address(tenant, id)).sort(),
    );
    const rows = await service.sends(tenant);
    expect(rows).toHaveLength(people.length);
    const doubted = rows.filter((row) => row.status === 'in-doubt');
    expect(doubted.map((row) => address(tenant, row.recipient))).toEqual([held]);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(people.length - 1);

    // Admins see it beside the dead letters, and the counter says why it is there.
    const admin = api(service.url, service.infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const list = await admin.get('/api/v1/notifications/sends/in-doubt');
    expect(list.status).toBe(200);
    const inDoubt: { id: string; recipient: string; dataCommittedAt: string | null }[] = list.body.inDoubt;
    expect(inDoubt.map((send) => address(tenant, send.recipient))).toEqual([held]);
    expect(inDoubt[0].dataCommittedAt).not.toBeNull();
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/notification_sends_in_doubt_total\{channel="email",cause="lease"[^}]*\} 1/);

    // Resending is the admin's decision: the person gets the mail a second time, same Message-ID.
    const resend = await admin.post(`/api/v1/notifications/sends/in-doubt/${inDoubt[0].id}/resend`);
    expect(resend.status).toBe(202);
    await waitFor(() => service.mine(tenant).length === people.length + 1, {
      timeoutMs: 30000,
      message: 'the resent mail',
    });
    const twice = service.mine(tenant).filter((message) => message.to[0] === held);
    expect(twice).toHaveLength(2);
    expect(twice[1].messageId).toBe(twice[0].messageId);
    await waitFor(async () => (await service.sends(tenant)).every((row) => row.status === 'sent'), {
      timeoutMs: 10000,
      message: 'every row sent after the resend',
    });
    expect((await admin.get('/api/v1/notifications/sends/in-doubt')).body).toEqual({ inDoubt: [] });
  });
});
