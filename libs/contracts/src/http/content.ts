// Request and response bodies of the content service's HTTP API, shared by the service and its tests.
import { z } from 'zod';
import { EmployeeId, HttpUrl, IsoDateTime, Network, TeamId, Uuid } from '../common';
import { RoleGoal } from '../events/advocate';
import { GuidelineRules } from '../events/guidelines';

export const CONTENT_STATUSES = ['draft', 'in_review', 'approved', 'published', 'archived'] as const;
export const ContentStatus = z.enum(CONTENT_STATUSES);
export type ContentStatus = z.infer<typeof ContentStatus>;

const Topic = z.string().trim().min(1).max(64);
const Language = z
  .string()
  .min(2)
  .max(12)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "en" or "nl-BE"');
const Caption = z.string().min(1).max(5000);

/** Several suggested captions per network, so a hundred colleagues do not post the same sentence. */
export const Captions = z.partialRecord(Network, z.array(Caption).max(20));
export type Captions = z.infer<typeof Captions>;

const contentFields = {
  title: z.string().trim().min(1).max(200),
  url: HttpUrl,
  summary: z.string().max(5000).optional(),
  imageUrl: HttpUrl.nullable().optional(),
  language: Language.default('en'),
  topics: z.array(Topic).max(50).default([]),
  campaignId: z.string().min(1).max(128).nullable().optional(),
  campaignPriority: z.number().int().min(0).max(10).default(0),
  shareableFrom: IsoDateTime.nullable().optional(),
  shareableUntil: IsoDateTime.nullable().optional(),
  captions: Captions.default({}),
};

const windowIsOrdered = (value: { shareableFrom?: string | null; shareableUntil?: string | null }) =>
  !value.shareableFrom ||
  !value.shareableUntil ||
  new Date(value.shareableFrom).getTime() < new Date(value.shareableUntil).getTime();
const windowError = { message: 'must be after shareableFrom', path: ['shareableUntil'] };

export const CreateContentBody = z.strictObject(contentFields).refine(windowIsOrdered, windowError);
export type CreateContentBody = z.infer<typeof CreateContentBody>;

/** An employee's own find: it enters review at once with submittedBy = the employee. */
export const ProposeContentBody = CreateContentBody;
export type ProposeContentBody = CreateContentBody;

export const UpdateContentBody = z
  .strictObject({
    title: contentFields.title,
    url: contentFields.url,
    summary: z.string().max(5000).nullable(),
    imageUrl: contentFields.imageUrl,
    language: Language,
    topics: z.array(Topic).max(50),
    campaignId: contentFields.campaignId,
    campaignPriority: z.number().int().min(0).max(10),
    shareableFrom: contentFields.shareableFrom,
    shareableUntil: contentFields.shareableUntil,
    captions: Captions,
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' })
  .refine(windowIsOrdered, windowError);
export type UpdateContentBody = z.infer<typeof UpdateContentBody>;

export const ContentTransitionBody = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export type ContentTransitionBody = z.infer<typeof ContentTransitionBody>;
export const RejectContentBody = z.strictObject({ comment: z.string().trim().min(1).max(2000) });
export type RejectContentBody = z.infer<typeof RejectContentBody>;

export const ContentListQuery = z.strictObject({
  status: ContentStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ContentListQuery = z.infer<typeof ContentListQuery>;

export const ContentTransition = z.strictObject({
  from: ContentStatus.nullable(),
  to: ContentStatus,
  actor: z.string(),
  comment: z.string().nullable(),
  at: IsoDateTime,
});

export const ContentItem = z.strictObject({
  contentId: Uuid,
  status: ContentStatus,
  title: z.string(),
  url: z.string(),
  summary: z.string().nullable(),
  imageUrl: z.string().nullable(),
  language: z.string(),
  topics: z.array(z.string()),
  campaignId: z.string().nullable(),
  campaignPriority: z.number().int(),
  shareableFrom: IsoDateTime.nullable(),
  shareableUntil: IsoDateTime.nullable(),
  captions: Captions,
  submittedBy: z.string().nullable(),
  createdBy: z.string(),
  reviewComment: z.string().nullable(),
  publishedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  transitions: z.array(ContentTransition).optional(),
});
export type ContentItem = z.infer<typeof ContentItem>;

export const ContentPage = z.strictObject({
  items: z.array(ContentItem),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const FeedQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Items in this language, or `all`; without it, the language of the reader's profile. */
  language: z.union([z.literal('all'), Language]).optional(),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const FeedItem = z.strictObject({
  contentId: Uuid,
  title: z.string(),
  url: z.string(),
  language: z.string(),
  summary: z.string().nullable(),
  imageUrl: z.string().nullable(),
  topics: z.array(z.string()),
  campaignId: z.string().nullable(),
  publishedAt: IsoDateTime,
  shareableUntil: IsoDateTime.nullable(),
  score: z.number(),
  /** one suggested caption per network the employee uses; absent when the item has none for it */
  captions: z.partialRecord(Network, z.string()),
});
export const FeedPage = z.strictObject({
  items: z.array(FeedItem),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

const compilableRegex = (value: { pattern: string; flags: string }) => {
  try {
    new RegExp(value.pattern, value.flags);
    return true;
  } catch {
    return false;
  }
};

export const PutGuidelinesBody = z.strictObject({
  document: z.string().max(200000).default(''),
  rules: GuidelineRules.superRefine((rules, context) => {
    rules.confidentialPatterns.forEach((pattern, index) => {
      if (!compilableRegex(pattern))
        context.addIssue({
          code: 'custom',
          message: 'not a valid regular expression',
          path: ['confidentialPatterns', index, 'pattern'],
        });
    });
  }),
});
export type PutGuidelinesBody = z.infer<typeof PutGuidelinesBody>;

export const GuidelinesDocument = z.strictObject({
  version: z.number().int().min(0),
  document: z.string(),
  rules: GuidelineRules,
  publishedAt: IsoDateTime.nullable(),
  acknowledged: z.boolean(),
});

/** Every published version with how many acknowledged it: the programme's proof that people read them. */
export const GuidelineVersions = z.strictObject({
  /** Active advocates now: the denominator of every rate. */
  advocates: z.number().int(),
  items: z.array(
    z.strictObject({
      version: z.number().int().positive(),
      publishedAt: IsoDateTime,
      publishedBy: z.string(),
      /** Everyone who acknowledged this version. */
      acknowledged: z.number().int(),
      /** Of the active advocates, the share who acknowledged it; null without advocates. */
      rate: z.number().min(0).max(1).nullable(),
    }),
  ),
});
export type GuidelineVersions = z.infer<typeof GuidelineVersions>;

export const GuidelineCheckBody = z.strictObject({
  network: Network,
  text: z.string().max(70000),
  contentId: Uuid.optional(),
});
export type GuidelineCheckBody = z.infer<typeof GuidelineCheckBody>;

export const AcknowledgeGuidelinesBody = z.strictObject({ version: z.number().int().positive() });
export type AcknowledgeGuidelinesBody = z.infer<typeof AcknowledgeGuidelinesBody>;

export const MatrixLevel = z.enum(['low', 'medium', 'high']);
export const AdvocateRoleDefinition = z.strictObject({
  roleId: RoleGoal.shape.roleId,
  name: z.string().trim().min(1).max(100),
  effort: MatrixLevel,
  impact: MatrixLevel,
  /** The role's share goal: `weeklyShareGoal` shares every `goalPeriodWeeks` weeks (0: no goal). */
  weeklyShareGoal: RoleGoal.shape.weeklyShareGoal,
  goalPeriodWeeks: RoleGoal.shape.goalPeriodWeeks,
  dailySuggestions: z.number().int().min(0).max(20),
  description: z.string().max(2000).default(''),
});
export type AdvocateRoleDefinition = z.infer<typeof AdvocateRoleDefinition>;

/** Where a new tenant starts on the impact/effort matrix; admins adjust them with PUT /roles. */
export const DEFAULT_ADVOCATE_ROLES: readonly AdvocateRoleDefinition[] = [
  {
    roleId: 'supporter',
    name: 'Supporter',
    effort: 'low',
    impact: 'low',
    weeklyShareGoal: 1,
    goalPeriodWeeks: 2,
    dailySuggestions: 1,
    description: 'Likes and reshares what colleagues and the company post.',
  },
  {
    roleId: 'sharer',
    name: 'Sharer',
    effort: 'low',
    impact: 'medium',
    weeklyShareGoal: 3,
    goalPeriodWeeks: 1,
    dailySuggestions: 2,
    description: 'Shares curated content from the library with a suggested caption.',
  },
  {
    roleId: 'storyteller',
    name: 'Storyteller',
    effort: 'high',
    impact: 'high',
    weeklyShareGoal: 5,
    goalPeriodWeeks: 1,
    dailySuggestions: 3,
    description: 'Adds their own words and stories to what they share.',
  },
  {
    roleId: 'expert',
    name: 'Expert',
    effort: 'high',
    impact: 'high',
    weeklyShareGoal: 5,
    goalPeriodWeeks: 1,
    dailySuggestions: 3,
    description: 'Writes their own content and speaks for the company on their topics.',
  },
];

export const PutRolesBody = z.strictObject({
  roles: z
    .array(AdvocateRoleDefinition)
    .min(1)
    .max(20)
    .refine((roles) => new Set(roles.map((role) => role.roleId)).size === roles.length, {
      message: 'roleId must be unique',
    }),
});
export type PutRolesBody = z.infer<typeof PutRolesBody>;

/** Refuses a field the company decides, naming it (a self-declared team or audience was a points farm). */
const directoryOnly = (field: string) =>
  z
    .never({
      error: `${field} is set by your company's directory (SCIM or an admin), not in your own profile`,
    })
    .optional();

/**
 * What an employee chooses for themselves: role on the impact/effort matrix, topics, language. Team,
 * manager, followers and the active state come from the directory; `displayName` only while no
 * directory manages the profile.
 */
export const PutProfileBody = z.strictObject({
  displayName: z.string().trim().min(1).max(120).optional(),
  language: Language.default('en'),
  topics: z.array(Topic).max(50).default([]),
  role: z.string().min(1).max(64).nullable().default(null),
  teamId: directoryOnly('teamId'),
  team: directoryOnly('team'),
  followers: directoryOnly('followers'),
  managerId: directoryOnly('managerId'),
  active: directoryOnly('active'),
});
export type PutProfileBody = z.infer<typeof PutProfileBody>;

export const AdvocateProfile = z.object({
  employeeId: EmployeeId,
  displayName: z.string(),
  teamId: TeamId.nullable(),
  managerId: EmployeeId.nullable(),
  language: Language,
  topics: z.array(Topic),
  role: z.string().nullable(),
  followers: z.partialRecord(Network, z.number().int().min(0)),
  active: z.boolean(),
  /** true once SCIM or an admin set the directory fields */
  managed: z.boolean(),
  updatedAt: IsoDateTime.nullable(),
});
export type AdvocateProfile = z.infer<typeof AdvocateProfile>;

export const CreateSourceBody = z.strictObject({
  url: HttpUrl,
  language: Language.default('en'),
  topics: z.array(Topic).max(50).default([]),
});
export type CreateSourceBody = z.infer<typeof CreateSourceBody>;

/** `GET /api/v1/suggestions`: the items today's suggestion run offered the caller, and why. */
export const SuggestionsToday = z.object({
  day: z.iso.date(),
  reason: z.string().nullable(),
  items: z.array(
    z.object({ contentId: z.uuid(), title: z.string(), url: z.string(), summary: z.string().nullable() }),
  ),
});
export type SuggestionsToday = z.infer<typeof SuggestionsToday>;
