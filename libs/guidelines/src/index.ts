export type {
  GuidelineRuleCode,
  GuidelineFinding,
  GuidelineVerdict,
  GuidelineCheckResult,
  GuidelineCheckInput,
} from './types';
export { DEFAULT_MAX_LENGTH } from './length';
export { checkText } from './check';
export { parseGuidelineRules } from './parse';
