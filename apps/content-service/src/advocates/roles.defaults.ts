import { AdvocateRoleDefinition } from '@advocacy/contracts';

/** Where a new tenant starts on the impact/effort matrix; admins adjust them with PUT /roles. */
export const DEFAULT_ROLES: readonly AdvocateRoleDefinition[] = [
  {
    roleId: 'supporter',
    name: 'Supporter',
    effort: 'low',
    impact: 'low',
    weeklyShareGoal: 1,
    dailySuggestions: 1,
    description: 'Likes and reshares what colleagues and the company post.',
  },
  {
    roleId: 'sharer',
    name: 'Sharer',
    effort: 'low',
    impact: 'medium',
    weeklyShareGoal: 3,
    dailySuggestions: 2,
    description: 'Shares curated content from the library with a suggested caption.',
  },
  {
    roleId: 'storyteller',
    name: 'Storyteller',
    effort: 'high',
    impact: 'high',
    weeklyShareGoal: 5,
    dailySuggestions: 3,
    description: 'Adds their own words and stories to what they share.',
  },
  {
    roleId: 'expert',
    name: 'Expert',
    effort: 'high',
    impact: 'high',
    weeklyShareGoal: 5,
    dailySuggestions: 3,
    description: 'Writes their own content and speaks for the company on their topics.',
  },
];

/** Suggestions per day for an employee who has not chosen a role yet. */
export const DEFAULT_DAILY_SUGGESTIONS = 1;
