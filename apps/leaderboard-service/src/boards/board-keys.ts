import { Period } from '@advocacy/contracts';

/** `{tenant}` is a Redis Cluster hash tag: all of a tenant's keys live in one slot, so scripts span them. */
export const boardKey = (tenantId: string, scope: string, period: Period, bucket = 'all') =>
  `lb:{${tenantId}}:${scope}:${period}:${bucket}`;

export const seenKey = (tenantId: string) => `lb:{${tenantId}}:seen`;
