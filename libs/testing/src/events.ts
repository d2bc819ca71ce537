import { randomUUID } from 'node:crypto';
import { NewEvent } from '@advocacy/contracts';

type Payload<T extends 'advocate.profile-updated' | 'share.recorded' | 'points.awarded'> =
  NewEvent<T>['payload'];

/**
 * The three events most cross-service tests publish, with the values tests rarely care about filled
 * in; a test names only what it asserts on.
 */
export const profileEvent = (
  tenantId: string,
  employeeId: string,
  fields: Partial<Payload<'advocate.profile-updated'>> = {},
): NewEvent<'advocate.profile-updated'> => ({
  type: 'advocate.profile-updated',
  tenantId,
  subject: employeeId,
  payload: {
    employeeId,
    displayName: `Advocate ${employeeId}`,
    teamId: 'sales',
    role: 'Sharer',
    topics: [],
    language: 'en',
    ...fields,
  },
});

export const shareEvent = (
  tenantId: string,
  employeeId: string,
  occurredAt: Date,
  fields: Partial<Payload<'share.recorded'>> = {},
): NewEvent<'share.recorded'> => ({
  type: 'share.recorded',
  tenantId,
  subject: employeeId,
  occurredAt,
  payload: {
    shareId: randomUUID(),
    employeeId,
    teamId: 'sales',
    contentId: randomUUID(),
    network: 'linkedin',
    linkCode: 'abcdefgh12',
    ...fields,
  },
});

export const pointsEvent = (
  tenantId: string,
  employeeId: string,
  points: number,
  occurredAt: Date = new Date(),
  fields: Partial<Payload<'points.awarded'>> = {},
): NewEvent<'points.awarded'> => ({
  type: 'points.awarded',
  tenantId,
  subject: employeeId,
  occurredAt,
  payload: {
    entryId: randomUUID(),
    employeeId,
    teamId: 'sales',
    points,
    reason: 'share',
    sourceEventId: randomUUID(),
    occurredAt: occurredAt.toISOString(),
    ...fields,
  },
});
