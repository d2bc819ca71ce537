import { NotificationKind } from '@advocacy/contracts';

export type Language = 'en' | 'nl';

/** What a notification says, before it is put into the inbox, a mail or a chat message. */
export type MessageParams =
  | { kind: 'badge'; badgeName: string; level: string | null; reason: string | null }
  | { kind: 'hero'; period: string; reason: string }
  | { kind: 'level'; name: string; total: number }
  | { kind: 'coach-assigned'; role: 'mentee' | 'coach'; otherName: string }
  | { kind: 'nudge'; inactiveDays: number; message: string | null }
  | { kind: 'tip'; coachName: string; text: string }
  | { kind: 'suggestion'; count: number; reason: string };

export interface MessageText {
  title: string;
  body: string;
}

type Texts = { [K in NotificationKind]: (params: Extract<MessageParams, { kind: K }>) => MessageText };

const LEVEL_NAMES: Record<Language, Record<string, string>> = {
  en: { bronze: 'bronze', silver: 'silver', gold: 'gold' },
  nl: { bronze: 'brons', silver: 'zilver', gold: 'goud' },
};
const withLevel = (language: Language, name: string, level: string | null) =>
  level ? `${name} (${LEVEL_NAMES[language][level] ?? level})` : name;

// Our own small table rather than an i18n framework: seven fixed sentences in two languages.
const TEXTS: Record<Language, Texts> = {
  en: {
    badge: (p) => ({
      title: `You earned the badge ${withLevel('en', p.badgeName, p.level)}`,
      body: p.reason ?? 'Well done — keep sharing!',
    }),
    hero: (p) => ({
      title: `You are a HERO of ${p.period}!`,
      body: `${p.reason}. A coach will be in touch to help you inspire others.`,
    }),
    level: (p) => ({
      title: `You reached level ${p.name}`,
      body: `${p.total} points so far. Thank you for spreading the word.`,
    }),
    'coach-assigned': (p) =>
      p.role === 'mentee'
        ? {
            title: `${p.otherName} is your coach`,
            body: 'Your coach will help you get the most out of sharing.',
          }
        : {
            title: `You were asked to coach ${p.otherName}`,
            body: 'Accept or decline the proposal in the coach console.',
          },
    nudge: (p) => ({
      title: 'We miss you!',
      body: p.message ?? `It has been ${p.inactiveDays} days since your last share. New content is waiting.`,
    }),
    tip: (p) => ({ title: `A tip from ${p.coachName}`, body: p.text }),
    suggestion: (p) => ({
      title: p.count === 1 ? 'One new suggestion for you' : `${p.count} new suggestions for you`,
      body: p.reason,
    }),
  },
  nl: {
    badge: (p) => ({
      title: `Je hebt de badge ${withLevel('nl', p.badgeName, p.level)} verdiend`,
      body: p.reason ?? 'Goed gedaan — blijf delen!',
    }),
    hero: (p) => ({
      title: `Je bent een HERO van ${p.period}!`,
      body: `${p.reason}. Een coach neemt contact op om je te helpen anderen te inspireren.`,
    }),
    level: (p) => ({
      title: `Je hebt niveau ${p.name} bereikt`,
      body: `Tot nu toe ${p.total} punten. Bedankt dat je het verhaal verspreidt.`,
    }),
    'coach-assigned': (p) =>
      p.role === 'mentee'
        ? { title: `${p.otherName} is je coach`, body: 'Je coach helpt je het meeste uit delen te halen.' }
        : {
            title: `Je bent gevraagd om ${p.otherName} te coachen`,
            body: 'Accepteer of weiger het voorstel in de coachconsole.',
          },
    nudge: (p) => ({
      title: 'We missen je!',
      body: p.message ?? `Je hebt al ${p.inactiveDays} dagen niets gedeeld. Er staat nieuwe content klaar.`,
    }),
    tip: (p) => ({ title: `Een tip van ${p.coachName}`, body: p.text }),
    suggestion: (p) => ({
      title: p.count === 1 ? 'Eén nieuwe suggestie voor je' : `${p.count} nieuwe suggesties voor je`,
      body: p.reason,
    }),
  },
};

export function messageText(language: Language, params: MessageParams): MessageText {
  const render = TEXTS[language][params.kind] as (p: MessageParams) => MessageText;
  return render(params);
}
