import { z } from 'zod';
import { EmployeeId, IsoDateTime, Network } from '../common';

/** SCIM 2.0 (RFC 7643/7644) as the content service speaks it at `/scim/v2`. */
export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  /** ours: what the company knows about an advocate that no standard schema has */
  advocacy: 'urn:ietf:params:scim:schemas:extension:advocacy:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** RFC 7644 §3.12 scimType values we answer with. */
export type ScimType =
  | 'invalidFilter'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'tooMany';

/** Entra ID sends booleans as "True"/"False" in PATCH values. */
export const ScimBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false', 'True', 'False']).transform((value) => value.toLowerCase() === 'true'),
]);

const Reference = z.object({ value: z.string().min(1).max(128), display: z.string().optional() }).loose();

export const ScimEnterpriseExtension = z
  .object({
    department: z.string().max(120).optional(),
    employeeNumber: z.string().max(64).optional(),
    manager: z
      .union([
        Reference,
        z
          .string()
          .min(1)
          .max(128)
          .transform((value) => ({ value })),
      ])
      .nullable()
      .optional(),
  })
  .loose();

export const ScimAdvocacyExtension = z
  .object({
    /** audience sizes per network: they weigh earned media value, so only the company sets them */
    followers: z.partialRecord(Network, z.number().int().min(0).max(1_000_000_000)).optional(),
  })
  .strict();

/**
 * A User as a provisioning client sends it. Unknown core attributes (`emails`, `phoneNumbers`…) are
 * accepted and ignored, as RFC 7643 lets a service provider do; what we keep is validated.
 */
export const ScimUserBody = z
  .object({
    schemas: z.array(z.string()).min(1),
    userName: EmployeeId,
    externalId: z.string().min(1).max(256).optional(),
    displayName: z.string().trim().min(1).max(120).optional(),
    name: z
      .object({ formatted: z.string().max(120).optional(), givenName: z.string().max(60).optional() })
      .loose()
      .optional(),
    preferredLanguage: z.string().min(2).max(12).optional(),
    locale: z.string().min(2).max(12).optional(),
    active: ScimBoolean.default(true),
    [SCIM_SCHEMAS.enterprise]: ScimEnterpriseExtension.optional(),
    [SCIM_SCHEMAS.advocacy]: ScimAdvocacyExtension.optional(),
  })
  .loose();
export type ScimUserBody = z.infer<typeof ScimUserBody>;

export const ScimGroupBody = z
  .object({
    schemas: z.array(z.string()).min(1),
    displayName: z.string().trim().min(1).max(120),
    externalId: z.string().min(1).max(256).optional(),
    members: z.array(Reference).max(10_000).default([]),
  })
  .loose();
export type ScimGroupBody = z.infer<typeof ScimGroupBody>;

export const ScimPatchBody = z
  .object({
    schemas: z.array(z.literal(SCIM_SCHEMAS.patch)).min(1),
    Operations: z
      .array(
        z
          .object({
            op: z
              .string()
              .transform((op) => op.toLowerCase())
              .pipe(z.enum(['add', 'replace', 'remove'])),
            path: z.string().min(1).max(300).optional(),
            value: z.unknown().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();
export type ScimPatchBody = z.infer<typeof ScimPatchBody>;

export const ScimListQuery = z.object({
  filter: z.string().max(500).optional(),
  startIndex: z.coerce.number().int().catch(1).default(1),
  count: z.coerce.number().int().catch(100).default(100),
});
export type ScimListQuery = z.infer<typeof ScimListQuery>;

export const ScimMeta = z.object({
  resourceType: z.enum(['User', 'Group']),
  created: IsoDateTime,
  lastModified: IsoDateTime,
  version: z.string(),
  location: z.string(),
});

/** The tenant's provisioning token, shown once when an admin creates or rotates it. */
export const ScimTokenResponse = z.object({
  token: z.string(),
  createdAt: IsoDateTime,
  scimBaseUrl: z.string(),
});
export type ScimTokenResponse = z.infer<typeof ScimTokenResponse>;

/**
 * What the company decides about an advocate, set by an admin (`PUT /api/v1/advocates/:employeeId`)
 * when no SCIM client does. Omitted fields stay as they are.
 */
export const PutDirectoryEntryBody = z
  .object({
    displayName: z.string().trim().min(1).max(120).optional(),
    teamId: EmployeeId.nullable().optional(),
    managerId: EmployeeId.nullable().optional(),
    language: z.string().min(2).max(12).optional(),
    active: z.boolean().optional(),
    followers: z.partialRecord(Network, z.number().int().min(0).max(1_000_000_000)).optional(),
  })
  .strict();
export type PutDirectoryEntryBody = z.infer<typeof PutDirectoryEntryBody>;
