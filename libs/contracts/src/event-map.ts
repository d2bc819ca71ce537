import { z } from 'zod';
import {
  AdvocateCoachDesignated,
  AdvocateDeactivated,
  AdvocateProfileUpdated,
  AdvocateRolesUpdated,
} from './events/advocate';
import { BadgeAwarded, HeroLapsed, HeroQualified } from './events/badge';
import { LinkClicked, LinkClickFlagged } from './events/click';
import {
  CoachAssigned,
  CoachingCompleted,
  CoachingNudged,
  CoachingTipSent,
  CoachingUnassignedAlert,
  ChallengeClosed,
  ChallengeCompleted,
  InviteAccepted,
  InviteCredited,
} from './events/coaching';
import { ContentArchived, ContentPublished, ContentUpdated } from './events/content';
import { EngagementRecorded } from './events/engagement';
import { GuidelinesAcknowledged, GuidelinesPublished } from './events/guidelines';
import { LevelReached, PointsAwarded } from './events/points';
import { BaselineRecorded, ShareRecorded, ShareWithdrawn } from './events/share';
import { ContentSuggested } from './events/suggestion';
import { TenantSettingsUpdated } from './tenant';
import { TOPICS, TopicName } from './topics';

/** Event type → payload schema. Publishing goes through this map, so a wrong payload does not compile. */
export const EVENT_SCHEMAS = {
  'content.published': ContentPublished,
  'content.updated': ContentUpdated,
  'content.archived': ContentArchived,
  'guidelines.published': GuidelinesPublished,
  'guidelines.acknowledged': GuidelinesAcknowledged,
  'advocate.profile-updated': AdvocateProfileUpdated,
  'advocate.deactivated': AdvocateDeactivated,
  'advocate.roles-updated': AdvocateRolesUpdated,
  'advocate.coach-designated': AdvocateCoachDesignated,
  'content.suggested': ContentSuggested,
  'share.recorded': ShareRecorded,
  'share.withdrawn': ShareWithdrawn,
  'baseline.recorded': BaselineRecorded,
  'link.clicked': LinkClicked,
  'link.click-flagged': LinkClickFlagged,
  'engagement.recorded': EngagementRecorded,
  'points.awarded': PointsAwarded,
  'points.level-reached': LevelReached,
  'badge.awarded': BadgeAwarded,
  'hero.qualified': HeroQualified,
  'hero.lapsed': HeroLapsed,
  'coach.assigned': CoachAssigned,
  'coaching.nudged': CoachingNudged,
  'coaching.completed': CoachingCompleted,
  'coaching.tip-sent': CoachingTipSent,
  'coaching.unassigned-alert': CoachingUnassignedAlert,
  'challenge.completed': ChallengeCompleted,
  'invite.accepted': InviteAccepted,
  'invite.credited': InviteCredited,
  'challenge.closed': ChallengeClosed,
  'tenant.settings-updated': TenantSettingsUpdated,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_SCHEMAS)[T]>;
export type EventPayloadInput<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;

export const EVENT_TOPIC: { readonly [T in EventType]: TopicName } = {
  'content.published': TOPICS.content.name,
  'content.updated': TOPICS.content.name,
  'content.archived': TOPICS.content.name,
  'guidelines.published': TOPICS.guidelines.name,
  'guidelines.acknowledged': TOPICS.guidelines.name,
  'advocate.profile-updated': TOPICS.advocate.name,
  'advocate.deactivated': TOPICS.advocate.name,
  'advocate.roles-updated': TOPICS.advocate.name,
  'advocate.coach-designated': TOPICS.advocate.name,
  'content.suggested': TOPICS.suggestion.name,
  'share.recorded': TOPICS.share.name,
  'share.withdrawn': TOPICS.share.name,
  'baseline.recorded': TOPICS.share.name,
  'link.clicked': TOPICS.click.name,
  'link.click-flagged': TOPICS.click.name,
  'engagement.recorded': TOPICS.engagement.name,
  'points.awarded': TOPICS.points.name,
  'points.level-reached': TOPICS.points.name,
  'badge.awarded': TOPICS.badge.name,
  'hero.qualified': TOPICS.badge.name,
  'hero.lapsed': TOPICS.badge.name,
  'coach.assigned': TOPICS.coaching.name,
  'coaching.nudged': TOPICS.coaching.name,
  'coaching.completed': TOPICS.coaching.name,
  'coaching.tip-sent': TOPICS.coaching.name,
  'coaching.unassigned-alert': TOPICS.coaching.name,
  'challenge.completed': TOPICS.coaching.name,
  'invite.accepted': TOPICS.coaching.name,
  'invite.credited': TOPICS.coaching.name,
  'challenge.closed': TOPICS.coaching.name,
  'tenant.settings-updated': TOPICS.tenant.name,
};

/** Own keys only: `in` would accept prototype names such as `toString` or `constructor`. */
export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_SCHEMAS, value);
