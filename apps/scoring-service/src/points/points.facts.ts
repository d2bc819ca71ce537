import { AnyEnvelope } from '@advocacy/contracts';
import { CampaignFact, ScoringFact } from './points.rules';

/** What scoring keeps from `content.v1`. */
export interface ContentInfo {
  title: string;
  campaignId: string | null;
  shareableFrom: Date | null;
  shareableUntil: Date | null;
  publishedAt: Date;
}

/** What scoring keeps from `advocate.v1`. */
export interface AdvocateInfo {
  teamId: string | null;
  role: string | null;
  /** false once the directory deactivated them */
  active: boolean;
}

export interface Projections {
  content: Map<string, ContentInfo>;
  advocates: Map<string, AdvocateInfo>;
}

export const projectionKey = (tenantId: string, id: string) => `${tenantId}|${id}`;

/** The content an event refers to, so it can be looked up in the projection. */
export function contentIdOf(envelope: AnyEnvelope): string | null {
  switch (envelope.type) {
    case 'share.recorded':
    case 'link.clicked':
      return envelope.payload.contentId;
    case 'engagement.recorded':
      return envelope.payload.contentId ?? null;
    default:
      return null;
  }
}

/** The employee whose points an event changes, if it is one scoring cares about. */
export function employeeOf(envelope: AnyEnvelope): string | null {
  switch (envelope.type) {
    case 'share.recorded':
    case 'share.withdrawn':
    case 'link.clicked':
    case 'link.click-flagged':
    case 'engagement.recorded':
      return envelope.payload.employeeId;
    case 'content.published':
      return envelope.payload.submittedBy ?? null;
    case 'invite.credited':
      return envelope.payload.inviterId;
    default:
      return null;
  }
}

function campaignOf(
  campaignId: string | null | undefined,
  content: ContentInfo | undefined,
): CampaignFact | null {
  const id = campaignId ?? content?.campaignId ?? null;
  if (!id) return null;
  const sameCampaign = content && content.campaignId === id;
  return {
    campaignId: id,
    from: sameCampaign ? content.shareableFrom : null,
    until: sameCampaign ? content.shareableUntil : null,
  };
}

/** Turns a source event into the facts the rule engine scores; null for events that award nothing. */
export function toFact(envelope: AnyEnvelope, projections: Projections): ScoringFact | null {
  const employeeId = employeeOf(envelope);
  if (!employeeId) return null;
  const contentId = contentIdOf(envelope);
  const content = contentId
    ? projections.content.get(projectionKey(envelope.tenantId, contentId))
    : undefined;
  const advocate = projections.advocates.get(projectionKey(envelope.tenantId, employeeId));
  const base = {
    tenantId: envelope.tenantId,
    employeeId,
    teamId: advocate?.teamId ?? null,
    eventId: envelope.id,
    occurredAt: new Date(envelope.occurredAt),
    ...(advocate && !advocate.active ? { inactive: true } : {}),
  };
  switch (envelope.type) {
    case 'share.recorded': {
      const p = envelope.payload;
      return {
        ...base,
        kind: 'share',
        teamId: p.teamId ?? base.teamId,
        shareId: p.shareId,
        contentId: p.contentId,
        network: p.network,
        contentTitle: p.contentTitle ?? content?.title ?? null,
        contentPublishedAt: p.contentPublishedAt
          ? new Date(p.contentPublishedAt)
          : (content?.publishedAt ?? null),
        campaign: campaignOf(p.campaignId, content),
      };
    }
    case 'share.withdrawn':
      return { ...base, kind: 'share_withdrawn', shareId: envelope.payload.shareId };
    case 'link.clicked': {
      const p = envelope.payload;
      return {
        ...base,
        kind: 'click',
        teamId: p.teamId ?? base.teamId,
        clickId: p.clickId,
        shareId: p.shareId,
        network: p.network,
        unique: p.unique,
        human: p.human,
        campaign: campaignOf(p.campaignId, content),
      };
    }
    case 'link.click-flagged':
      return {
        ...base,
        kind: 'click_flagged',
        clickId: envelope.payload.clickId,
        reason: envelope.payload.reason,
      };
    case 'engagement.recorded': {
      const p = envelope.payload;
      return {
        ...base,
        kind: 'engagement',
        teamId: p.teamId ?? base.teamId,
        shareId: p.shareId,
        engagement: p.kind,
        count: p.count,
        campaign: campaignOf(p.campaignId, content),
      };
    }
    case 'content.published':
      return {
        ...base,
        kind: 'proposal_approved',
        contentId: envelope.payload.contentId,
        contentTitle: envelope.payload.title,
      };
    case 'invite.credited':
      return {
        ...base,
        kind: 'invite_credit',
        inviteeId: envelope.payload.inviteeId,
        inviteeName: envelope.payload.inviteeName,
      };
    default:
      return null;
  }
}
