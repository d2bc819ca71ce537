// The guideline check for the web app's live preview: everything of index.ts except the worker pool
// (node:worker_threads), which only the services use to keep patterns off their event loop.
export type {
  GuidelineRuleCode,
  GuidelineFinding,
  GuidelineVerdict,
  GuidelineCheckResult,
  GuidelineCheckInput,
} from './types';
export { DEFAULT_MAX_LENGTH } from './length';
export { checkText, MAX_FINDINGS } from './check';
export { GuidelineCheckError } from './patterns';
export { parseGuidelineRules } from './parse';
