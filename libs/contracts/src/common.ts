import { z } from 'zod';

export const NETWORKS = ['linkedin', 'x', 'facebook', 'instagram', 'xing'] as const;
export const Network = z.enum(NETWORKS);
export type Network = z.infer<typeof Network>;

/** Tenant and employee ids come from the identity provider: short, URL-safe, stable. */
export const TenantId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "-" and "." only');
export const EmployeeId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'letters, digits, "_", "-", "." and "@" only');
export const TeamId = EmployeeId;
export const Uuid = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });
/** http and https only: a `javascript:` or `data:` URL never enters the library. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2048);

/** An IANA time zone name, as the runtime's Intl knows it. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone');

export const ENGAGEMENT_KINDS = ['like', 'comment', 'reshare', 'impression'] as const;
export const EngagementKind = z.enum(ENGAGEMENT_KINDS);
export type EngagementKind = z.infer<typeof EngagementKind>;

export const ROLES = ['employee', 'coach', 'admin', 'editor', 'reviewer', 'integration'] as const;
export const AuthRole = z.enum(ROLES);
export type AuthRole = z.infer<typeof AuthRole>;
