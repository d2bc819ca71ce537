import type { GuidelineRules } from '@advocacy/contracts';
import { RE2JS } from 're2js';
import type { Span } from './normalize';

type ConfidentialPattern = GuidelineRules['confidentialPatterns'][number];

/** Enough to underline every leak in a post; stops a pattern that matches everywhere from flooding. */
export const MAX_MATCHES_PER_PATTERN = 100;

/**
 * Why a check could not be completed. `status` is the HTTP answer: 422 for what the text or the
 * patterns cause, 503 when the pattern pool is too busy to take the check.
 */
export class GuidelineCheckError extends Error {
  readonly status: 422 | 503;

  constructor(
    readonly code: 'pattern_unsupported' | 'check_budget_exceeded' | 'check_busy',
    message: string,
  ) {
    super(message);
    this.name = 'GuidelineCheckError';
    this.status = code === 'check_busy' ? 503 : 422;
  }
}

/** A pattern ready to run: RE2 semantics, so its run time is linear in the text whatever it says. */
export type CompiledPattern = RE2JS;

const FLAG_BITS = new Map<string, number>([
  ['i', RE2JS.CASE_INSENSITIVE],
  ['m', RE2JS.MULTILINE],
  ['s', RE2JS.DOTALL],
  ['u', 0], // RE2 always sees code points
]);

/** Compiling costs more than most checks; patterns repeat across checks of one tenant. */
const compiled = new Map<string, CompiledPattern>();
const COMPILED_CACHE_SIZE = 2000;

/**
 * The pattern, written in JavaScript syntax, compiled for RE2 (re2js, a pure-JS port): no
 * backtracking, so `(a+)+$` costs the same as `a+$`. Backreferences and lookarounds have no linear
 * implementation and are refused. Throws a SyntaxError whose message says what is unsupported.
 */
export function compilePattern({
  pattern,
  flags,
}: Pick<ConfidentialPattern, 'pattern' | 'flags'>): CompiledPattern {
  const key = `${flags}/${pattern}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  // JavaScript's own parser decides what is valid (the contract promises JS syntax); it only
  // compiles here, it never runs
  try {
    new RegExp(pattern, [...new Set(flags)].join(''));
  } catch (error) {
    throw new SyntaxError(regexErrorReason(error));
  }
  const unsupported = backtrackingOnly(pattern);
  if (unsupported) throw new SyntaxError(unsupported);
  let bits = 0;
  for (const flag of new Set(flags)) {
    const bit = FLAG_BITS.get(flag);
    if (bit === undefined) throw new SyntaxError(`flag ${flag} is not supported`);
    bits |= bit;
  }
  let engine: CompiledPattern;
  try {
    engine = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (error) {
    throw new SyntaxError(regexErrorReason(error));
  }
  if (compiled.size >= COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, engine);
  return engine;
}

/**
 * Backreferences and lookarounds, which only a backtracking engine runs. Looked for here because
 * translateRegExp drops an unknown escape the way JavaScript's legacy mode does, which would turn
 * `\k<name>` into the literal "k<name>" instead of refusing it.
 */
function backtrackingOnly(pattern: string): string | null {
  let inClass = false;
  for (let at = 0; at < pattern.length; at += 1) {
    const char = pattern[at];
    if (char === '\\') {
      const next = pattern[at + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[at + 2] === '<'))
        return 'backreferences are not supported';
      at += 1;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && pattern[at + 1] === '?') {
      const kind = pattern.slice(at + 2, at + 4);
      if (/^[=!]/.test(kind) || /^<[=!]/.test(kind)) return 'lookahead and lookbehind are not supported';
    }
  }
  return null;
}

/** The engine's reason without the pattern it quotes: "invalid repeat count". */
export function regexErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/^error parsing regexp:\s*/, '')
    .replace(/:\s*`[^`]*`\s*$/, '')
    .replace(/^Invalid regular expression:.*: /, '')
    .trim();
  return reason === '' ? 'invalid regular expression' : reason;
}

/**
 * Every match of the pattern, at most `limit`, with UTF-16 offsets. `overBudget`
 * is asked between matches: one search is linear in the text, so the loop is where time is bounded.
 */
export function findPattern(
  engine: CompiledPattern,
  text: string,
  overBudget: () => boolean = () => false,
  limit = MAX_MATCHES_PER_PATTERN,
): Array<Span & { match: string }> {
  const found: Array<Span & { match: string }> = [];
  const matcher = engine.matcher(text);
  let from = 0;
  while (found.length < limit && from <= text.length) {
    if (overBudget()) throw budgetExceeded();
    if (!matcher.find(from)) break;
    const start = matcher.start();
    const end = matcher.end();
    if (end === start) {
      const cp = text.codePointAt(start) ?? 0;
      from = start + (cp > 0xffff ? 2 : 1);
      continue;
    }
    found.push({ start, end, match: text.slice(start, end) });
    from = end;
  }
  return found;
}

export const budgetExceeded = () =>
  new GuidelineCheckError(
    'check_budget_exceeded',
    'the guidelines check took longer than its time budget; shorten the text or simplify the confidential patterns',
  );
