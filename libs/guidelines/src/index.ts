export type {
  GuidelineRuleCode,
  GuidelineFinding,
  GuidelineVerdict,
  GuidelineCheckResult,
  GuidelineCheckInput,
} from './types';
export { DEFAULT_MAX_LENGTH } from './length';
export { checkText, DEFAULT_CHECK_BUDGET_MS, MAX_FINDINGS } from './check';
export type { CheckBudget } from './check';
export { GuidelineCheckError } from './patterns';
export { parseGuidelineRules } from './parse';
