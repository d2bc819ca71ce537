import { randomUUID } from 'node:crypto';
import { EventType, NewEvent } from '@advocacy/contracts';
import { CollectedMessage } from '@advocacy/testing';

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

export const heroQualified = (tenantId: string, employeeId: string): NewEvent<EventType> => ({
  type: 'hero.qualified',
  tenantId,
  subject: employeeId,
  payload: { employeeId, period: '2025-W48', reason: 'top 10% this week' },
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
