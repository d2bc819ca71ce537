import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { NotificationConfig } from '../config';
import type { RenderedMail } from './mail.templates';

export interface OutgoingMail extends RenderedMail {
  to: string;
  messageId: string;
  unsubscribeUrl: string;
}

/**
 * Runs after the whole message has gone to the server and before its terminating "."; a rejection
 * drops the connection without the "." (the server discards a message it never saw end).
 */
export type BeforeFinalDot = () => Promise<void>;

/** Whether an SMTP error carries the server's reply code (a definite answer) or not (a lost line). */
export function serverAnswered(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown } | null)?.responseCode === 'number';
}

/**
 * The Message-ID is derived from the send's idempotency key, so an admin's resend of an in-doubt
 * mail carries the same Message-ID and receivers that dedupe on it drop a duplicate.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/**
 * The message as a stream that ends only once `beforeFinalDot` has resolved. nodemailer's
 * `SMTPConnection.send` pipes it into its DATA encoder after the server's 354, and that encoder
 * writes the terminating "." from its flush, i.e. only after this stream ended
 * (smtp-connection/data-stream.js); a stream error makes `send` fail without it.
 */
function handOver(message: Buffer, beforeFinalDot: BeforeFinalDot): Readable {
  let pushed = false;
  return new Readable({
    read() {
      if (!pushed) {
        pushed = true;
        this.push(message);
        return;
      }
      beforeFinalDot().then(
        () => this.push(null),
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}

/**
 * SMTP with nodemailer: the message is composed by `MailComposer` and sent over one
 * `SMTPConnection` per mail. Not the pooled transport: it starts reading the message stream into its
 * buffers before MAIL FROM, so a stream held before its end would hold — and a marker tied to that
 * end would be written — before the server accepted the recipient. `SMTPConnection.send` reads the
 * stream only once the server answered DATA. The worker sends one mail at a time, so a pool of
 * connections bought little.
 */
@Injectable()
export class Mailer {
  private readonly envelopeFrom: string;

  constructor(@Inject(APP_CONFIG) private readonly config: NotificationConfig) {
    this.envelopeFrom = addressparser(config.MAIL_FROM, { flatten: true })[0]?.address ?? config.MAIL_FROM;
  }

  async send(mail: OutgoingMail, beforeFinalDot: BeforeFinalDot): Promise<string> {
    const message = await new MailComposer({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: {
        // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
      },
    })
      .compile()
      .build();
    const info = await this.deliver(
      { from: this.envelopeFrom, to: [mail.to] },
      handOver(message, beforeFinalDot),
    );
    if (Array.isArray(info.rejected) && info.rejected.length > 0)
      throw new Error(`recipient rejected: ${info.rejected.map(String).join(', ')}`);
    return mail.messageId;
  }

  private deliver(
    envelope: SMTPConnection.Envelope,
    message: Readable,
  ): Promise<SMTPConnection.SentMessageInfo> {
    const config = this.config;
    const connection = new SMTPConnection({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (error: Error | null, info?: SMTPConnection.SentMessageInfo) => {
        if (settled) return;
        settled = true;
        connection.close();
        if (error || !info) reject(error ?? new Error('no answer from the SMTP server'));
        else resolve(info);
      };
      // Kept for the connection's life: an error after `done` must not be an unhandled event.
      connection.on('error', (error: Error) => done(error));
      connection.connect((error) => {
        if (error) return done(error);
        const send = () => connection.send(envelope, message, (failure, info) => done(failure, info));
        if (!config.SMTP_USER) return send();
        connection.login({ user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' }, (failure) =>
          failure ? done(failure) : send(),
        );
      });
    });
  }
}
