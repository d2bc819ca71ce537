import {
  SCIM_SCHEMAS,
  ScimAdvocacyExtension,
  ScimBoolean,
  ScimEnterpriseExtension,
  ScimPatchBody,
  ScimType,
  ScimUserBody,
} from '@advocacy/contracts';
import { parse } from 'scim2-parse-filter';
import { z } from 'zod';
import type { Advocate } from '../advocates/advocates.repository';

/** An error in RFC 7644 §3.12's shape. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }
}

export const scimErrorBody = (status: number, detail: string, scimType?: ScimType) => ({
  schemas: [SCIM_SCHEMAS.error],
  status: String(status),
  ...(scimType ? { scimType } : {}),
  detail,
});

export const etagOf = (version: number) => `W/"${version}"`;

/** The directory's attributes of a user, as SCIM sets them; role and topics stay the employee's. */
export interface ScimUserState {
  userName: string;
  externalId: string | null;
  displayName: string;
  managerId: string | null;
  language: string;
  followers: Advocate['followers'];
  active: boolean;
}

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** "de-DE", "de_DE" or "de" → "de-DE"/"de"; anything else keeps the current language. */
export function languageOf(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const normalised = value.replace('_', '-');
  return LANGUAGE.test(normalised) && normalised.length <= 12 ? normalised : fallback;
}

/** A full User body (POST/PUT) → the state it describes; `current` fills what a PUT may not say. */
export function stateFromBody(body: ScimUserBody, current: ScimUserState | null): ScimUserState {
  const enterprise = body[SCIM_SCHEMAS.enterprise];
  const advocacy = body[SCIM_SCHEMAS.advocacy];
  const given = [body.name?.givenName, (body.name as { familyName?: string } | undefined)?.familyName]
    .filter(Boolean)
    .join(' ');
  return {
    userName: body.userName,
    externalId: body.externalId ?? null,
    displayName: (body.displayName ?? body.name?.formatted ?? given) || body.userName,
    managerId: enterprise?.manager?.value ?? null,
    language: languageOf(body.preferredLanguage ?? body.locale, current?.language ?? 'en'),
    followers: advocacy?.followers ?? current?.followers ?? {},
    active: body.active,
  };
}

/**
 * Core and extension attributes a provisioning client sends that we do not keep (Entra ID and Okta
 * send most of them on every change). Accepted and ignored as RFC 7643 allows; any other path is
 * refused with `invalidPath`, so a typo never passes for success.
 */
const IGNORED = new Set([
  'name',
  'name.givenname',
  'name.familyname',
  'name.middlename',
  'name.honorificprefix',
  'name.honorificsuffix',
  'nickname',
  'title',
  'usertype',
  'profileurl',
  'timezone',
  'emails',
  'phonenumbers',
  'addresses',
  'ims',
  'photos',
  'roles',
  'entitlements',
  'x509certificates',
  `${SCIM_SCHEMAS.enterprise}:department`.toLowerCase(),
  `${SCIM_SCHEMAS.enterprise}:employeenumber`.toLowerCase(),
  `${SCIM_SCHEMAS.enterprise}:costcenter`.toLowerCase(),
  `${SCIM_SCHEMAS.enterprise}:organization`.toLowerCase(),
  `${SCIM_SCHEMAS.enterprise}:division`.toLowerCase(),
]);

const parseValue = <S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ScimError(
      400,
      `invalid value for ${path}: ${result.error.issues[0]?.message ?? ''}`,
      'invalidValue',
    );
  }
  return result.data;
};

const Manager = z.union([
  z.string().min(1).max(128),
  z
    .object({ value: z.string().min(1).max(128) })
    .loose()
    .transform((ref) => ref.value),
]);

function applyPath(state: ScimUserState, path: string, value: unknown, remove: boolean): ScimUserState {
  const key = path.toLowerCase();
  const bare = key.replace(/\[.*$/, '');
  if (IGNORED.has(bare) || IGNORED.has(bare.split('.')[0]) || /^emails|^phonenumbers|^addresses/.test(bare)) {
    return state;
  }
  switch (key) {
    case 'active':
      return { ...state, active: remove ? false : parseValue(ScimBoolean, value, path) };
    case 'displayname':
    case 'name.formatted':
      return remove
        ? { ...state, displayName: state.userName }
        : { ...state, displayName: parseValue(z.string().trim().min(1).max(120), value, path) };
    case 'externalid':
      return { ...state, externalId: remove ? null : parseValue(z.string().min(1).max(256), value, path) };
    case 'preferredlanguage':
    case 'locale':
      return remove ? state : { ...state, language: languageOf(value, state.language) };
    case 'username': {
      const userName = parseValue(z.string(), value, path);
      if (userName.toLowerCase() !== state.userName.toLowerCase()) {
        throw new ScimError(400, 'userName is the employee id and cannot change', 'mutability');
      }
      return state;
    }
    case `${SCIM_SCHEMAS.enterprise}:manager`.toLowerCase():
    case `${SCIM_SCHEMAS.enterprise}:manager.value`.toLowerCase():
      return { ...state, managerId: remove ? null : parseValue(Manager.nullable(), value, path) };
    case `${SCIM_SCHEMAS.advocacy}:followers`.toLowerCase():
      return {
        ...state,
        followers: remove
          ? {}
          : (parseValue(ScimAdvocacyExtension, { followers: value }, path).followers ?? {}),
      };
    case SCIM_SCHEMAS.enterprise.toLowerCase(): {
      const extension = parseValue(ScimEnterpriseExtension, value, path);
      return extension.manager !== undefined
        ? { ...state, managerId: extension.manager?.value ?? null }
        : state;
    }
    case SCIM_SCHEMAS.advocacy.toLowerCase(): {
      const extension = parseValue(ScimAdvocacyExtension, value, path);
      return extension.followers ? { ...state, followers: extension.followers } : state;
    }
    default:
      throw new ScimError(400, `attribute ${path} is not supported`, 'invalidPath');
  }
}

/**
 * RFC 7644 §3.5.2 PATCH on a user: `add`/`replace` with a path, or without one and an object of
 * attributes (what Entra ID sends), and `remove` with a path. Pure: the caller persists the result.
 */
export function patchUser(state: ScimUserState, body: ScimPatchBody): ScimUserState {
  let next = state;
  for (const operation of body.Operations) {
    if (operation.op === 'remove') {
      if (!operation.path) throw new ScimError(400, 'remove needs a path', 'noTarget');
      next = applyPath(next, operation.path, undefined, true);
    } else if (operation.path) {
      next = applyPath(next, operation.path, operation.value, false);
    } else {
      if (typeof operation.value !== 'object' || operation.value === null || Array.isArray(operation.value)) {
        throw new ScimError(400, 'an operation without a path needs an object value', 'invalidValue');
      }
      for (const [path, value] of Object.entries(operation.value)) {
        if (path === 'schemas' || path === 'id' || path === 'meta') continue;
        next = applyPath(next, path, value, false);
      }
    }
  }
  return next;
}

export const stateOf = (advocate: Advocate): ScimUserState => ({
  userName: advocate.employeeId,
  externalId: advocate.externalId,
  displayName: advocate.displayName,
  managerId: advocate.managerId,
  language: advocate.language,
  followers: advocate.followers,
  active: advocate.active,
});

export interface GroupRef {
  id: string;
  displayName: string;
}

export function userResource(advocate: Advocate, groups: GroupRef[], base: string) {
  return {
    schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterprise, SCIM_SCHEMAS.advocacy],
    id: advocate.employeeId,
    ...(advocate.externalId ? { externalId: advocate.externalId } : {}),
    userName: advocate.employeeId,
    displayName: advocate.displayName,
    name: { formatted: advocate.displayName },
    preferredLanguage: advocate.language,
    active: advocate.active,
    groups: groups.map((group) => ({
      value: group.id,
      display: group.displayName,
      $ref: `${base}/Groups/${encodeURIComponent(group.id)}`,
    })),
    [SCIM_SCHEMAS.enterprise]: advocate.managerId ? { manager: { value: advocate.managerId } } : {},
    [SCIM_SCHEMAS.advocacy]: { followers: advocate.followers },
    meta: {
      resourceType: 'User',
      created: advocate.createdAt.toISOString(),
      lastModified: advocate.updatedAt.toISOString(),
      version: etagOf(advocate.version),
      location: `${base}/Users/${encodeURIComponent(advocate.employeeId)}`,
    },
  };
}

export type ScimFilter = { attribute: string; value: string } | null;

/** `attr eq "value"` on one of `attributes` (case-insensitive names); anything else is invalidFilter. */
export function parseFilter(filter: string | undefined, attributes: readonly string[]): ScimFilter {
  if (filter === undefined || filter.trim() === '') return null;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(filter);
  } catch (error) {
    throw new ScimError(
      400,
      `filter does not parse: ${String(error instanceof Error ? error.message : error)}`,
      'invalidFilter',
    );
  }
  if (parsed.op !== 'eq' || !('compValue' in parsed) || typeof parsed.compValue !== 'string') {
    throw new ScimError(400, `only "<attribute> eq \\"value\\"" filters are supported`, 'invalidFilter');
  }
  const attribute = attributes.find((name) => name.toLowerCase() === parsed.attrPath.toLowerCase());
  if (!attribute) {
    throw new ScimError(
      400,
      `filtering on ${parsed.attrPath} is not supported (${attributes.join(', ')})`,
      'invalidFilter',
    );
  }
  return { attribute, value: parsed.compValue };
}

export const MAX_PAGE = 200;

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0. */
export function pageOf(
  startIndex: number,
  count: number,
): { offset: number; limit: number; startIndex: number } {
  const start = Math.max(1, startIndex);
  return { offset: start - 1, limit: Math.min(MAX_PAGE, Math.max(0, count)), startIndex: start };
}

export const listResponse = <T>(total: number, startIndex: number, resources: T[]) => ({
  schemas: [SCIM_SCHEMAS.list],
  totalResults: total,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

/** `members[value eq "x"]` → "x"; RFC 7644 §3.5.2.2's value-path form of a member removal. */
export function memberFromPath(path: string): string | null {
  const match = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path.trim());
  return match ? match[1] : null;
}

/** A team id from a group's display name: short, lowercase, usable in a board scope `team:<id>`. */
export function slugOf(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug.length > 0 ? slug : 'team';
}
