/** Suggestions per day for an employee who has not chosen a role yet. */
export const DEFAULT_DAILY_SUGGESTIONS = 1;
