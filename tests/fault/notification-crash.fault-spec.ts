import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { api, newTenant, publishEvents, startTestInfra, TestInfra, waitFor } from '@advocacy/testing';
import { Client } from 'pg';
import { MailDev, startMailDev } from '../../apps/mail-dev/src/mail-dev';
import { freePort } from '../../apps/notification-service/test/helpers';

const ROOT = path.join(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/apps/notification-service/src/main.js');
const PEOPLE = 24;

jest.setTimeout(180000);

/**
 * Kills the notification service (a child process this test started — Kafka, Postgres and Redis keep
 * running, the broker is never stopped) in the middle of an SMTP transaction, restarts it, and checks
 * that every person got exactly one mail. The SMTP server holds each RCPT TO 150 ms before answering,
 * and the SIGKILL is sent from that hold's callback: the dead client had started a transaction and
 * sent no message, so nothing is delivered, and the restarted service takes the row over when its
 * lease runs out. Not aimed at here: a death after the final "." and before the row commits — the
 * server has the message then, and the retry repeats it with the same Message-ID (the documented
 * at-least-once edge of SMTP). The test counts raw deliveries, so a repeat of any other cause fails it.
 */
describe('notification service killed mid-send', () => {
  let infra: TestInfra;
  let mail: MailDev;
  let child: ChildProcess | undefined;
  let url: string;
  let env: NodeJS.ProcessEnv;
  let onHold: ((to: string[]) => void) | undefined;

  const start = async () => {
    const started = spawn(process.execPath, [MAIN], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = started;
    await waitFor(
      async () => {
        if (started.exitCode !== null)
          throw new Error(`notification service exited with ${started.exitCode}`);
        const response = await fetch(`${url}/health/ready`).catch(() => null);
        return response?.ok === true;
      },
      { timeoutMs: 60000, message: 'notification service ready' },
    );
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    infra = await startTestInfra();
    mail = await startMailDev({
      smtpPort: 0,
      httpPort: 0,
      rcptDelayMs: 150,
      onHold: (to) => onHold?.(to),
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...infra.env,
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      SMTP_PORT: String(mail.smtpPort),
      UNSUBSCRIBE_SECRET: 'fault-unsubscribe-secret-0123456789',
      NOTIFY_PUBLIC_URL: url,
      SEND_WORKER_INTERVAL_MS: '100',
      SEND_LEASE_MS: '3000',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    };
    await start();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await mail?.close();
    await infra?.teardown();
  });

  it('sends every mail once per person (one Message-ID each) across a SIGKILL and a restart', async () => {
    const tenant = newTenant();
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const people = Array.from({ length: PEOPLE }, (_, index) => `p${index}`);
    const address = (id: string) => `${id}-${tenant}@example.com`;
    const defaults = await api(url, admin).put('/api/v1/notification-preferences/defaults', {
      channels: { badge: 'email' },
    });
    expect(defaults.status).toBe(200);
    await publishEvents(
      infra.kafka,
      infra.prefix,
      people.flatMap((id) => [
        {
          type: 'advocate.profile-updated' as const,
          tenantId: tenant,
          subject: id,
          payload: {
            employeeId: id,
            displayName: id,
            teamId: null,
            role: null,
            topics: [],
            language: 'en',
            email: address(id),
          },
        },
        {
          type: 'badge.awarded' as const,
          tenantId: tenant,
          subject: id,
          payload: { employeeId: id, badgeId: 'first-share', name: 'First share' },
        },
      ]),
    );
    const mine = () =>
      mail.mails.filter((message) => message.to.some((to) => to.endsWith(`-${tenant}@example.com`)));

    // A few mails are through and the next one waits for the server's answer to RCPT TO: the
    // service dies in mid-transaction. The kill is sent from the hold callback itself.
    let exited = false;
    onHold = (to) => {
      if (mine().length < 4 || !to.some((rcpt) => rcpt.endsWith(`-${tenant}@example.com`))) return;
      onHold = undefined;
      child!.once('exit', () => (exited = true));
      child!.kill('SIGKILL');
    };
    await waitFor(() => exited, {
      timeoutMs: 60000,
      message: `a mail in flight (${mine().length} received so far)`,
    });
    const beforeRestart = mine().length;
    expect(beforeRestart).toBeLessThan(PEOPLE);

    await start();
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const sends = async () =>
      (
        await client.query<{ status: string; attempts: number; last_error: string | null }>(
          `SELECT status, attempts, last_error FROM notification.sends WHERE tenant_id = $1 ORDER BY created_at`,
          [tenant],
        )
      ).rows;
    try {
      await waitFor(() => mine().length >= PEOPLE, { timeoutMs: 90000 });
    } catch {
      const rows = await sends().catch(() => []);
      await client.end();
      throw new Error(
        `${mine().length} of ${PEOPLE} mails after the restart; sends: ${JSON.stringify(rows)}`,
      );
    }
    // Leases of the killed process have run out and been taken over; give any duplicate time to show.
    await new Promise((resolve) => setTimeout(resolve, 4000));

    const received = mine();
    // Exactly one delivery per person, each with its own Message-ID.
    expect(received.map((message) => message.to[0]).sort()).toEqual(people.map(address).sort());
    expect(new Set(received.map((message) => message.messageId)).size).toBe(PEOPLE);

    try {
      const rows = await sends();
      expect(rows).toHaveLength(PEOPLE);
      expect(rows.every((row) => row.status === 'sent')).toBe(true);
      // The kill interrupted at least one claimed row: it was taken over after its lease.
      expect(rows.some((row) => row.attempts >= 2)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
