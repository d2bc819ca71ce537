import type { GuidelineRules } from '@advocacy/contracts';
import type { Span } from './normalize';

type ConfidentialPattern = GuidelineRules['confidentialPatterns'][number];

/** Enough to underline every leak in a post; stops a pattern that matches everywhere from flooding. */
export const MAX_MATCHES_PER_PATTERN = 100;

/**
 * The pattern with its own flags plus `g`, and `u` when the pattern is also valid in Unicode mode
 * (so `.` and classes see an emoji as one character). Throws a SyntaxError when neither compiles.
 */
export function compilePattern({ pattern, flags }: Pick<ConfidentialPattern, 'pattern' | 'flags'>): RegExp {
  const own = [...new Set(flags)].filter((f) => f !== 'g' && f !== 'u').join('');
  try {
    return new RegExp(pattern, `${own}gu`);
  } catch (error) {
    if (flags.includes('u')) throw error;
    return new RegExp(pattern, `${own}g`);
  }
}

/** The engine's reason without the pattern it quotes: "Unterminated group". */
export function regexErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.slice(message.lastIndexOf(': ') + 1).trim();
  return reason === '' ? 'invalid regular expression' : reason;
}

export function findPattern(regex: RegExp, text: string): Array<Span & { match: string }> {
  const found: Array<Span & { match: string }> = [];
  regex.lastIndex = 0;
  while (found.length < MAX_MATCHES_PER_PATTERN) {
    const match = regex.exec(text);
    if (match === null) break;
    if (match[0].length === 0) {
      const cp = text.codePointAt(match.index) ?? 0;
      regex.lastIndex = match.index + (regex.unicode && cp > 0xffff ? 2 : 1);
      if (regex.lastIndex > text.length) break;
      continue;
    }
    found.push({ start: match.index, end: match.index + match[0].length, match: match[0] });
  }
  return found;
}
