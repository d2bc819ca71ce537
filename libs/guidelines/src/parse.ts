import { GuidelineRules } from '@advocacy/contracts';
import { compilePattern, regexErrorReason } from './patterns';

/** The contract's schema, plus: every confidential pattern must compile for the linear-time engine. */
const CheckedGuidelineRules = GuidelineRules.superRefine((rules, ctx) => {
  rules.confidentialPatterns.forEach((p, i) => {
    try {
      compilePattern(p);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['confidentialPatterns', i, 'pattern'],
        message: `The confidential pattern '${p.name}' is not supported: ${regexErrorReason(error)}`,
      });
    }
  });
});

/** Throws a ZodError; an uncompilable regex is reported at `confidentialPatterns.<i>.pattern`. */
export function parseGuidelineRules(input: unknown): GuidelineRules {
  return CheckedGuidelineRules.parse(input);
}
