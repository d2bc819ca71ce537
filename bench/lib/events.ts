import { randomUUID } from 'node:crypto';
import { AnyEnvelope, createEnvelope, NETWORKS } from '@advocacy/contracts';

/** The synthetic workforce: `employees` advocates spread over `teams` teams. */
export interface Workforce {
  tenantId: string;
  employees: number;
  teams: number;
  contentId: string;
}

export const employeeId = (index: number) => `e${String(index).padStart(7, '0')}`;
export const teamOf = (workforce: Workforce, index: number) =>
  `t${String(index % workforce.teams).padStart(3, '0')}`;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export function contentPublished(tenantId: string, contentId: string): AnyEnvelope {
  return createEnvelope({
    type: 'content.published',
    tenantId,
    subject: contentId,
    payload: {
      contentId,
      url: `https://example.com/bench/${contentId}`,
      title: 'Benchmark article',
      language: 'en',
      topics: ['bench'],
      campaignId: null,
      shareableFrom: null,
      shareableUntil: null,
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    },
  });
}

/**
 * A share on a random network, or on `network` when given. Probes pass 'linkedin': facebook shares
 * score 0 by default (platform policy), and a probe must earn points to show up on the board.
 */
export function shareRecorded(
  workforce: Workforce,
  employee: string,
  team: string | null,
  network?: (typeof NETWORKS)[number],
): AnyEnvelope {
  const shareId = randomUUID();
  return createEnvelope({
    type: 'share.recorded',
    tenantId: workforce.tenantId,
    subject: employee,
    payload: {
      shareId,
      employeeId: employee,
      teamId: team,
      contentId: workforce.contentId,
      campaignId: null,
      network: network ?? pick(NETWORKS),
      linkCode: shareId.replace(/-/g, '').slice(0, 12),
      verdict: 'safe',
    },
  });
}

function linkClicked(workforce: Workforce, employee: string, team: string): AnyEnvelope {
  return createEnvelope({
    type: 'link.clicked',
    tenantId: workforce.tenantId,
    subject: employee,
    payload: {
      clickId: randomUUID(),
      shareId: randomUUID(),
      employeeId: employee,
      teamId: team,
      contentId: workforce.contentId,
      campaignId: null,
      network: pick(NETWORKS),
      unique: Math.random() < 0.7,
      human: true,
    },
  });
}

function engagementRecorded(workforce: Workforce, employee: string, team: string): AnyEnvelope {
  return createEnvelope({
    type: 'engagement.recorded',
    tenantId: workforce.tenantId,
    subject: employee,
    payload: {
      shareId: randomUUID(),
      employeeId: employee,
      teamId: team,
      contentId: workforce.contentId,
      kind: pick(['like', 'comment', 'reshare'] as const),
      count: 1 + Math.floor(Math.random() * 3),
      observedAt: new Date().toISOString(),
    },
  });
}

/** One event of the load mix: 40% shares, 40% clicks, 20% engagement, for a random advocate. */
export function activityEvent(workforce: Workforce): AnyEnvelope {
  const index = Math.floor(Math.random() * workforce.employees);
  const employee = employeeId(index);
  const team = teamOf(workforce, index);
  const roll = Math.random();
  if (roll < 0.4) return shareRecorded(workforce, employee, team);
  if (roll < 0.8) return linkClicked(workforce, employee, team);
  return engagementRecorded(workforce, employee, team);
}

export function pointsAwarded(tenantId: string, employee: string, points: number): AnyEnvelope {
  return createEnvelope({
    type: 'points.awarded',
    tenantId,
    subject: employee,
    payload: {
      entryId: randomUUID(),
      employeeId: employee,
      teamId: null,
      campaignId: null,
      points,
      reason: 'bench',
      sourceEventId: randomUUID(),
      ruleVersion: 0,
      reverses: null,
      occurredAt: new Date().toISOString(),
    },
  });
}
