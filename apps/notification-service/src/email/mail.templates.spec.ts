import { renderDigestMail, renderNotificationMail } from './mail.templates';
import { MessageParams, messageText } from './messages';

const context = {
  displayName: 'Alice <Admin>',
  appUrl: 'https://app.example.com',
  unsubscribeUrl: 'https://notify.example.com/api/v1/unsubscribe?token=abc.def',
};

describe('messageText', () => {
  it.each<[string, 'en' | 'nl', MessageParams, string]>([
    [
      'badge en',
      'en',
      { kind: 'badge', badgeName: 'First share', level: null, reason: null },
      'You earned the badge First share',
    ],
    [
      'badge nl with level',
      'nl',
      { kind: 'badge', badgeName: 'Sharer', level: 'gold', reason: null },
      'Je hebt de badge Sharer (goud) verdiend',
    ],
    [
      'hero nl',
      'nl',
      { kind: 'hero', period: '2026-W05', reason: 'Top 10%' },
      'Je bent een HERO van 2026-W05!',
    ],
    ['level en', 'en', { kind: 'level', name: 'Champion', total: 512 }, 'You reached level Champion'],
    [
      'coach for the mentee',
      'en',
      { kind: 'coach-assigned', role: 'mentee', otherName: 'Carol' },
      'Carol is your coach',
    ],
    [
      'coach for the coach nl',
      'nl',
      { kind: 'coach-assigned', role: 'coach', otherName: 'Dave' },
      'Je bent gevraagd om Dave te coachen',
    ],
    ['tip', 'en', { kind: 'tip', coachName: 'Carol', text: 'Post in the morning' }, 'A tip from Carol'],
    [
      'suggestions nl',
      'nl',
      { kind: 'suggestion', count: 3, reason: "today's picks" },
      '3 nieuwe suggesties voor je',
    ],
    [
      'one suggestion en',
      'en',
      { kind: 'suggestion', count: 1, reason: "today's picks" },
      'One new suggestion for you',
    ],
  ])('%s', (_label, language, params, title) => {
    expect(messageText(language, params).title).toBe(title);
  });
});

describe('mail templates', () => {
  it('escapes names and carries the unsubscribe link in both parts', () => {
    const mail = renderNotificationMail(
      { ...context, language: 'en' },
      { kind: 'badge', badgeName: '<b>First</b>', level: null, reason: null },
    );
    expect(mail.subject).toBe('You earned the badge <b>First</b>');
    expect(mail.html).toContain('Hello Alice &#60;Admin&#62;');
    expect(mail.html).toContain('&#60;b&#62;First&#60;/b&#62;');
    expect(mail.html).toContain('href="https://notify.example.com/api/v1/unsubscribe?token=abc.def"');
    expect(mail.text).toContain(
      'Unsubscribe from these e-mails: https://notify.example.com/api/v1/unsubscribe?token=abc.def',
    );
  });

  it('renders a Dutch digest with every item', () => {
    const mail = renderDigestMail({ ...context, language: 'nl' }, [
      { title: 'Q3 resultaten', url: 'https://example.com/q3', summary: null },
      { title: 'Nieuw kantoor', url: 'https://example.com/office', summary: 'Open in mei' },
    ]);
    expect(mail.subject).toBe('2 berichten om te delen');
    expect(mail.text).toContain('Hallo Alice <Admin>');
    expect(mail.text).toContain('- Nieuw kantoor\n  https://example.com/office\n  Open in mei');
    expect(mail.html).toContain('<a href="https://example.com/q3">Q3 resultaten</a>');
    expect(mail.text).toContain('Afmelden voor deze e-mails');
  });
});
