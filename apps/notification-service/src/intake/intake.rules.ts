import { AnyEnvelope, NotificationKind, WebhookMoment } from '@advocacy/contracts';
import { MessageParams } from '../email/messages';

/** One person's notification caused by one event. */
export interface PersonalNotice {
  employeeId: string;
  kind: NotificationKind;
  params: MessageParams;
  /** Path in the web app the notification opens. */
  link: string | null;
}

/** A programme moment for the tenant's chat webhooks. */
export interface MomentNotice {
  moment: WebhookMoment;
  title: string;
  text: string;
  data: Record<string, unknown>;
}

export interface Notices {
  personal: PersonalNotice[];
  moments: MomentNotice[];
}

const none: Notices = { personal: [], moments: [] };

/**
 * Who hears about an event, and what is said. Pure: display names come in as a lookup, so the table
 * tests pin every sentence.
 */
export function noticesOf(envelope: AnyEnvelope, nameOf: (employeeId: string) => string): Notices {
  switch (envelope.type) {
    case 'badge.awarded': {
      const badge = envelope.payload;
      const badgeName = badge.name ?? badge.badgeId;
      return {
        personal: [
          {
            employeeId: badge.employeeId,
            kind: 'badge',
            params: { kind: 'badge', badgeName, level: badge.level ?? null, reason: badge.reason ?? null },
            link: '/badges',
          },
        ],
        moments: [
          {
            moment: 'badge-milestone',
            title: `${nameOf(badge.employeeId)} earned ${badgeName}${badge.level ? ` (${badge.level})` : ''}`,
            text: badge.reason ?? 'A new badge in the advocacy programme.',
            data: { employeeId: badge.employeeId, badgeId: badge.badgeId, level: badge.level ?? null },
          },
        ],
      };
    }
    case 'hero.qualified': {
      const hero = envelope.payload;
      return {
        personal: [
          {
            employeeId: hero.employeeId,
            kind: 'hero',
            params: { kind: 'hero', period: hero.period, reason: hero.reason },
            link: '/hero',
          },
        ],
        moments: [
          {
            moment: 'hero',
            title: `New HERO: ${nameOf(hero.employeeId)}`,
            text: `${hero.reason} (${hero.period})`,
            data: { employeeId: hero.employeeId, period: hero.period },
          },
        ],
      };
    }
    case 'points.level-reached': {
      const level = envelope.payload;
      return {
        personal: [
          {
            employeeId: level.employeeId,
            kind: 'level',
            params: { kind: 'level', name: level.name, total: level.total },
            link: '/points',
          },
        ],
        moments: [],
      };
    }
    case 'coach.assigned': {
      const assignment = envelope.payload;
      // The advocate hears once the coach accepted; the coach hears about the proposal.
      const notice: PersonalNotice =
        assignment.status === 'accepted'
          ? {
              employeeId: assignment.employeeId,
              kind: 'coach-assigned',
              params: { kind: 'coach-assigned', role: 'mentee', otherName: nameOf(assignment.coachId) },
              link: '/coach',
            }
          : {
              employeeId: assignment.coachId,
              kind: 'coach-assigned',
              params: { kind: 'coach-assigned', role: 'coach', otherName: nameOf(assignment.employeeId) },
              link: `/console/assignments/${assignment.assignmentId}`,
            };
      return { personal: [notice], moments: [] };
    }
    case 'coaching.nudged': {
      const nudge = envelope.payload;
      return {
        personal: [
          {
            employeeId: nudge.employeeId,
            kind: 'nudge',
            params: { kind: 'nudge', inactiveDays: nudge.inactiveDays, message: nudge.message ?? null },
            link: '/feed',
          },
        ],
        moments: [],
      };
    }
    case 'coaching.tip-sent': {
      const tip = envelope.payload;
      const coachName = nameOf(tip.coachId);
      return {
        personal: [...new Set(tip.employeeIds)].map((employeeId) => ({
          employeeId,
          kind: 'tip' as const,
          params: { kind: 'tip' as const, coachName, text: tip.text },
          link: '/coach',
        })),
        moments: [],
      };
    }
    case 'content.suggested': {
      const suggestion = envelope.payload;
      return {
        personal: [
          {
            employeeId: suggestion.employeeId,
            kind: 'suggestion',
            params: { kind: 'suggestion', count: suggestion.contentIds.length, reason: suggestion.reason },
            link: '/suggestions',
          },
        ],
        moments: [],
      };
    }
    case 'content.published': {
      const content = envelope.payload;
      if (!content.campaignId) return none;
      return {
        personal: [],
        moments: [
          {
            moment: 'campaign-content',
            title: `New campaign content: ${content.title}`,
            text: content.url,
            data: { contentId: content.contentId, campaignId: content.campaignId, url: content.url },
          },
        ],
      };
    }
    default:
      return none;
  }
}

/** The employees whose display names `noticesOf` may ask for. */
export function namesNeeded(envelope: AnyEnvelope): string[] {
  switch (envelope.type) {
    case 'badge.awarded':
    case 'hero.qualified':
      return [envelope.payload.employeeId];
    case 'coach.assigned':
      return [envelope.payload.coachId, envelope.payload.employeeId];
    case 'coaching.tip-sent':
      return [envelope.payload.coachId];
    default:
      return [];
  }
}
