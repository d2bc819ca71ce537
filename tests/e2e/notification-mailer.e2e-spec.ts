import { MailDev, startMailDev } from '../../apps/mail-dev/src/mail-dev';
import type { NotificationConfig } from '../../apps/notification-service/src/config';
import { Mailer, OutgoingMail } from '../../apps/notification-service/src/email/mailer';

/**
 * The order the in-doubt rule rests on, against a real SMTP server: the hook before the final "."
 * runs after the server accepted the recipient and before it has the message, and a failing hook
 * leaves the server without a message.
 */
describe('Mailer and the final "."', () => {
  let server: MailDev;
  let mailer: Mailer;
  const steps: string[] = [];

  const mail = (to: string): OutgoingMail => ({
    to,
    subject: 'A badge',
    text: 'Well done',
    html: '<p>Well done</p>',
    messageId: `<${to.replace(/\W/g, '')}@advocacy.invalid>`,
    unsubscribeUrl: 'http://127.0.0.1:3006/api/v1/unsubscribe?token=x',
  });

  beforeAll(async () => {
    server = await startMailDev({
      smtpPort: 0,
      httpPort: 0,
      rcptDelayMs: 50,
      onHold: (to) => steps.push(`rcpt ${to.join()}`),
    });
    mailer = new Mailer({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: server.smtpPort,
      SMTP_SECURE: false,
      SMTP_REQUIRE_TLS: false,
      MAIL_FROM: 'Advocacy Engine <no-reply@advocacy.invalid>',
    } as NotificationConfig);
  });

  afterAll(() => server.close());

  it('runs the hook after RCPT TO and before the server has the message', async () => {
    steps.length = 0;
    const messageId = await mailer.send(mail('alice@example.com'), async () => {
      steps.push(`hook, ${server.mails.length} mails on the server`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(steps).toEqual(['rcpt alice@example.com', 'hook, 0 mails on the server']);
    expect(messageId).toBe('<aliceexamplecom@advocacy.invalid>');
    const received = server.mails.filter((message) => message.to.includes('alice@example.com'));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      messageId: '<aliceexamplecom@advocacy.invalid>',
      from: 'no-reply@advocacy.invalid',
      subject: 'A badge',
    });
    expect(received[0].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('drops the connection without the "." when the hook fails: nothing is delivered', async () => {
    await expect(
      mailer.send(mail('bob@example.com'), () => Promise.reject(new Error('lease lost'))),
    ).rejects.toThrow('lease lost');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.mails.filter((message) => message.to.includes('bob@example.com'))).toEqual([]);
  });
});
