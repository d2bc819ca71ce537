import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import type { NotificationConfig } from '../config';
import type { RenderedMail } from './mail.templates';

export interface OutgoingMail extends RenderedMail {
  to: string;
  messageId: string;
  unsubscribeUrl: string;
}

/**
 * The Message-ID is derived from the send's idempotency key: if a worker dies after the SMTP server
 * accepted a mail and before the row was marked sent, the retry carries the same Message-ID, so the
 * duplicate can be recognised (and is dropped by receivers that dedupe on it).
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/** SMTP via nodemailer (pooled connections). */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: NotificationConfig) {
    this.transporter = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<string> {
    const info = (await this.transporter.sendMail({
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
    })) as { messageId?: string; rejected?: unknown[] };
    if (Array.isArray(info.rejected) && info.rejected.length > 0)
      throw new Error(`recipient rejected: ${info.rejected.map(String).join(', ')}`);
    return info.messageId ?? mail.messageId;
  }

  onApplicationShutdown() {
    this.transporter.close();
  }
}
