export type {
  GuidelineRuleCode,
  GuidelineFinding,
  GuidelineVerdict,
  GuidelineCheckResult,
  GuidelineCheckInput,
} from './types';
export { DEFAULT_MAX_LENGTH } from './length';
export { checkText, checkTextOffThread, DEFAULT_CHECK_BUDGET_MS, MAX_FINDINGS } from './check';
export { PatternPool } from './pattern-pool';
export type { PatternPoolOptions } from './pattern-pool';
export type { CheckBudget } from './check';
export { GuidelineCheckError } from './patterns';
export { parseGuidelineRules } from './parse';
