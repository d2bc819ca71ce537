// DEVELOPMENT ONLY. A local SMTP server that keeps what it receives in memory and shows it on a page
// and a JSON API, for `npm start` and the tests. It authenticates nobody, relays nothing and forgets
// everything on exit: never put it on a production path.
import { escapeHtml } from '@advocacy/platform';
import { AddressObject, simpleParser } from 'mailparser';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Position in arrival order, from 1. */
  seq: number;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: string;
}

export interface MailDevOptions {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /**
   * Holds each message this long after its final "." before answering "250 OK". A client that dies
   * meanwhile has handed the message over — like a real MTA, this server keeps it (the socket is not
   * read while the reply is pending, so it cannot even tell): the at-least-once edge of SMTP.
   */
  acceptDelayMs?: number;
  /**
   * Holds each RCPT TO this long before answering it: a client that dies meanwhile has started the
   * transaction but sent no message, so nothing is delivered (the fault test kills senders here).
   */
  rcptDelayMs?: number;
  /** Called as a hold starts, before the reply it delays, with the recipient(s) concerned. */
  onHold?: (to: string[]) => void;
  /** Oldest mails are dropped beyond this many. */
  keep?: number;
}

export interface MailDev {
  smtpPort: number;
  httpPort: number;
  url: string;
  mails: ReceivedMail[];
  /** Messages received in full and waiting out `acceptDelayMs` before their "250 OK". */
  holding(): number;
  close(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((entry) =>
    entry.value.map((address) => address.address ?? '').filter(Boolean),
  );

export async function startMailDev(options: MailDevOptions): Promise<MailDev> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 5000;
  const mails: ReceivedMail[] = [];
  let seq = 0;
  let holding = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'advocacy mail-dev (development only)',
    onRcptTo(address, _session, callback) {
      if (!options.rcptDelayMs) return callback();
      holding += 1;
      options.onHold?.([address.address]);
      setTimeout(() => {
        holding -= 1;
        callback();
      }, options.rcptDelayMs);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (options.acceptDelayMs) {
            holding += 1;
            options.onHold?.(session.envelope.rcptTo.map((rcpt) => rcpt.address));
            await new Promise((resolve) => setTimeout(resolve, options.acceptDelayMs));
            holding -= 1;
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of parsed.headers) {
            headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
          }
          for (const line of parsed.headerLines)
            headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          seq += 1;
          mails.push({
            seq,
            messageId: parsed.messageId ?? null,
            from: addresses(parsed.from)[0] ?? '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
            receivedAt: new Date().toISOString(),
          });
          if (mails.length > keep) mails.splice(0, mails.length - keep);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  smtp.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer((request, response) => serve(request, response, mails));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort, host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpPort,
    httpPort,
    url: `http://${host}:${httpPort}`,
    mails,
    holding: () => holding,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function serve(request: IncomingMessage, response: ServerResponse, mails: ReceivedMail[]): void {
  const url = new URL(request.url ?? '/', 'http://mail-dev');
  if (url.pathname === '/api/messages' && request.method === 'GET') {
    const to = url.searchParams.get('to');
    const list = to ? mails.filter((mail) => mail.to.includes(to)) : mails;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: list }));
    return;
  }
  if (url.pathname === '/api/messages' && request.method === 'DELETE') {
    mails.splice(0, mails.length);
    response.writeHead(204).end();
    return;
  }
  const html = /^\/messages\/(\d+)\/html$/.exec(url.pathname);
  if (html && request.method === 'GET') {
    const mail = mails.find((candidate) => candidate.seq === Number(html[1]));
    if (!mail) {
      response.writeHead(404).end('not found');
      return;
    }
    // The mail's own HTML in a sandboxed frame: no scripts, no same-origin access.
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      })
      .end(mail.html || `<pre>${escapeHtml(mail.text)}</pre>`);
    return;
  }
  if (url.pathname === '/' && request.method === 'GET') {
    const rows = [...mails]
      .reverse()
      .map(
        (mail) =>
          `<tr><td>${mail.seq}</td><td>${escapeHtml(mail.receivedAt)}</td><td>${escapeHtml(mail.to.join(', '))}</td>` +
          `<td><a href="/messages/${mail.seq}/html">${escapeHtml(mail.subject)}</a></td></tr>`,
      )
      .join('');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(
        `<!doctype html><html><head><meta charset="utf-8"><title>mail-dev</title></head><body>` +
          `<h1>mail-dev (development only)</h1><p>${mails.length} message(s). JSON: <a href="/api/messages">/api/messages</a></p>` +
          `<table border="1" cellpadding="4"><tr><th>#</th><th>received</th><th>to</th><th>subject</th></tr>${rows}</table></body></html>`,
      );
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}
