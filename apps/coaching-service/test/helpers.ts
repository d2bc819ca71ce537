import { randomUUID } from 'node:crypto';
import { EventType, NewEvent } from '@advocacy/contracts';
import { api, CollectedMessage } from '@advocacy/testing';

export const profile = (
  tenantId: string,
  employeeId: string,
  fields: { teamId?: string | null; language?: string; topics?: string[]; displayName?: string } = {},
): NewEvent<EventType> => ({
  type: 'advocate.profile-updated',
  tenantId,
  subject: employeeId,
  payload: {
    employeeId,
    displayName: fields.displayName ?? `Advocate ${employeeId}`,
    teamId: fields.teamId ?? null,
    role: 'advocate',
    topics: fields.topics ?? [],
    language: fields.language ?? 'en',
  },
});

/** The directory (SCIM) deactivated this employee. */
export const deactivated = (tenantId: string, employeeId: string): NewEvent<EventType> => ({
  type: 'advocate.deactivated',
  tenantId,
  subject: employeeId,
  payload: { employeeId, deactivatedAt: new Date().toISOString(), source: 'scim' },
});

/** An admin's HERO nomination (the one way besides the rolling rule that makes a HERO). */
export const nominate = (url: string, adminToken: string, employeeId: string, note?: string) =>
  api(url, adminToken).post('/api/v1/heroes', note ? { employeeId, note } : { employeeId });

export const pointsAwarded = (
  tenantId: string,
  employeeId: string,
  points: number,
  occurredAt: Date,
  teamId: string | null = null,
): NewEvent<EventType> => ({
  type: 'points.awarded',
  tenantId,
  subject: employeeId,
  occurredAt,
  payload: {
    entryId: randomUUID(),
    employeeId,
    teamId,
    points,
    reason: 'share',
    sourceEventId: randomUUID(),
    occurredAt: occurredAt.toISOString(),
  },
});

export const shareRecorded = (
  tenantId: string,
  employeeId: string,
  occurredAt: Date,
): NewEvent<EventType> => ({
  type: 'share.recorded',
  tenantId,
  subject: employeeId,
  occurredAt,
  payload: {
    shareId: randomUUID(),
    employeeId,
    teamId: null,
    contentId: randomUUID(),
    network: 'linkedin',
    linkCode: 'abcdefgh12',
  },
});

export const coachBody = (employeeId: string, fields: Record<string, unknown> = {}) => ({
  employeeId,
  displayName: `Coach ${employeeId}`,
  languages: ['en'],
  teams: [],
  topics: [],
  capacity: 3,
  available: true,
  ...fields,
});

/** What the tests read of a collected envelope. */
export interface TestEvent {
  tenantId: string;
  type: string;
  payload: Record<string, string>;
}

/** Events of one tenant and type on the collected coaching topic. */
export const eventsOf = (messages: CollectedMessage[], tenantId: string, type: string): TestEvent[] =>
  messages
    .map((message) => message.json as TestEvent | null)
    .filter((json): json is TestEvent => json?.tenantId === tenantId && json?.type === type);
