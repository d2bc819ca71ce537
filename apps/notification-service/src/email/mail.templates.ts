import { escapeHtml } from '@advocacy/platform';
import { Language, MessageParams, messageText } from './messages';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestItem {
  title: string;
  url: string;
  summary: string | null;
}

interface Frame {
  greeting: string;
  unsubscribe: string;
  open: string;
  digestSubject: (count: number) => string;
  digestIntro: string;
}

const FRAME: Record<Language, Frame> = {
  en: {
    greeting: 'Hello',
    unsubscribe: 'Unsubscribe from these e-mails',
    open: 'Open the app',
    digestSubject: (count) => (count === 1 ? 'One post to share' : `${count} posts to share`),
    digestIntro: 'Content picked for you that you have not shared yet:',
  },
  nl: {
    greeting: 'Hallo',
    unsubscribe: 'Afmelden voor deze e-mails',
    open: 'Open de app',
    digestSubject: (count) => (count === 1 ? 'Eén bericht om te delen' : `${count} berichten om te delen`),
    digestIntro: 'Voor jou uitgekozen content die je nog niet hebt gedeeld:',
  },
};

export interface MailContext {
  language: Language;
  displayName: string;
  appUrl: string;
  unsubscribeUrl: string;
}

function layout(context: MailContext, innerHtml: string): string {
  const frame = FRAME[context.language];
  return `<!doctype html><html lang="${context.language}"><head><meta charset="utf-8"></head>
<body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;color:#1d2733">
<p>${escapeHtml(frame.greeting)} ${escapeHtml(context.displayName)},</p>
${innerHtml}
<p><a href="${escapeHtml(context.appUrl)}">${escapeHtml(frame.open)}</a></p>
<hr><p style="font-size:12px;color:#66707a"><a href="${escapeHtml(context.unsubscribeUrl)}">${escapeHtml(frame.unsubscribe)}</a></p>
</body></html>`;
}

function textLayout(context: MailContext, inner: string): string {
  const frame = FRAME[context.language];
  return `${frame.greeting} ${context.displayName},\n\n${inner}\n\n${frame.open}: ${context.appUrl}\n\n-- \n${frame.unsubscribe}: ${context.unsubscribeUrl}\n`;
}

/** An immediate mail: the notification's title as subject, its body as the text. */
export function renderNotificationMail(context: MailContext, params: MessageParams): RenderedMail {
  const { title, body } = messageText(context.language, params);
  return {
    subject: title,
    text: textLayout(context, `${title}\n\n${body}`),
    html: layout(context, `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(body)}</p>`),
  };
}

export function renderDigestMail(context: MailContext, items: readonly DigestItem[]): RenderedMail {
  const frame = FRAME[context.language];
  const list = items
    .map((item) => `- ${item.title}\n  ${item.url}${item.summary ? `\n  ${item.summary}` : ''}`)
    .join('\n');
  const htmlList = items
    .map(
      (item) =>
        `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a>${
          item.summary ? `<br><span>${escapeHtml(item.summary)}</span>` : ''
        }</li>`,
    )
    .join('');
  return {
    subject: frame.digestSubject(items.length),
    text: textLayout(context, `${frame.digestIntro}\n\n${list}`),
    html: layout(context, `<p>${escapeHtml(frame.digestIntro)}</p><ul>${htmlList}</ul>`),
  };
}
