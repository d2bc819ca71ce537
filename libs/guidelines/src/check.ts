import type { GuidelineRules } from '@advocacy/contracts';
import { DEFAULT_MAX_LENGTH, measureExcess } from './length';
import { blockedParent, findLinks, linkKey, linkKeyOf, normalizeDomain, type FoundLink } from './links';
import { findTerm, foldTerm, foldText, type FoldedText } from './normalize';
import type { PatternOutcome, PatternPool } from './pattern-pool';
import {
  budgetExceeded,
  compilePattern,
  findPattern,
  GuidelineCheckError,
  MAX_MATCHES_PER_PATTERN,
} from './patterns';
import type {
  GuidelineCheckInput,
  GuidelineCheckResult,
  GuidelineFinding,
  GuidelineRuleCode,
  GuidelineVerdict,
} from './types';

type Severities = GuidelineRules['severity'];

const SEVERITY_KEY: Record<GuidelineRuleCode, keyof Severities> = {
  blocked_term: 'blockedTerm',
  confidential: 'confidential',
  disclosure: 'disclosure',
  max_length: 'maxLength',
  blocked_domain: 'blockedDomain',
  content_link: 'contentLink',
};

const QUOTE_LIMIT = 60;

/** Findings in one answer: a 70 KB text full of matches must not turn into megabytes of JSON. */
export const MAX_FINDINGS = 200;

/** How long one check may take; time comes from the caller so tests can play a slow engine. */
export interface CheckBudget {
  now(): number;
  limitMs: number;
}

export const DEFAULT_CHECK_BUDGET_MS = 1000;

const defaultBudget = (): CheckBudget => ({ now: () => performance.now(), limitMs: DEFAULT_CHECK_BUDGET_MS });

/** Quotes text for a message, shortened so a message never carries a whole paragraph. */
function quote(s: string): string {
  const cps = [...s.replace(/\s+/gu, ' ')];
  return `'${cps.length > QUOTE_LIMIT ? `${cps.slice(0, QUOTE_LIMIT - 1).join('')}…` : cps.join('')}'`;
}

type Draft = Omit<GuidelineFinding, 'severity'>;

/** Set when a term or pattern matched more often than MAX_MATCHES_PER_PATTERN and the rest was left out. */
interface Cut {
  truncated: boolean;
}

/** The first MAX_MATCHES_PER_PATTERN of `found` (searched with one more, to know whether any were cut). */
function capped<T>(found: T[], cut: Cut): T[] {
  if (found.length <= MAX_MATCHES_PER_PATTERN) return found;
  cut.truncated = true;
  return found.slice(0, MAX_MATCHES_PER_PATTERN);
}

function blockedTerms(
  rules: GuidelineRules,
  folded: FoldedText,
  overBudget: () => boolean,
  cut: Cut,
): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  for (const term of rules.blockedTerms) {
    if (overBudget()) throw budgetExceeded();
    const key = foldTerm(term);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const message = `${quote(term.trim())} is not allowed`;
    for (const span of capped(findTerm(folded, key, MAX_MATCHES_PER_PATTERN + 1), cut)) {
      drafts.push({ rule: 'blocked_term', message, ...span });
    }
  }
  return drafts;
}

/** In this thread, between matches asking the budget: the unit tests' and small checks' path. */
function patternOutcomes(rules: GuidelineRules, text: string, overBudget: () => boolean): PatternOutcome[] {
  return rules.confidentialPatterns.map((pattern): PatternOutcome => {
    let engine;
    try {
      engine = compilePattern(pattern);
    } catch (error) {
      return { unsupported: error instanceof Error ? error.message : String(error) };
    }
    return { matches: findPattern(engine, text, overBudget, MAX_MATCHES_PER_PATTERN + 1) };
  });
}

function confidential(rules: GuidelineRules, outcomes: PatternOutcome[], cut: Cut): Draft[] {
  return rules.confidentialPatterns.flatMap((pattern, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return [];
    if ('unsupported' in outcome) {
      // kept out at publishing; one stored before the linear engine fails the check closed
      throw new GuidelineCheckError(
        'pattern_unsupported',
        `the confidential pattern ${quote(pattern.name)} cannot be checked (${outcome.unsupported}); an admin must republish the guidelines`,
      );
    }
    return capped(outcome.matches, cut).map(({ start, end, match }): Draft => ({
      rule: 'confidential',
      message: `${quote(match)} matches the confidential pattern ${quote(pattern.name)}`,
      start,
      end,
    }));
  });
}

function disclosure(rules: GuidelineRules, input: GuidelineCheckInput, folded: FoldedText): Draft[] {
  const required = rules.requiredDisclosure[input.network];
  if (required === undefined) return [];
  const key = foldTerm(required);
  if (key === '' || findTerm(folded, key, 1).length > 0) return [];
  const at = input.text.length;
  return [
    {
      rule: 'disclosure',
      message: `The disclosure ${quote(required.trim())} is required on ${input.network}`,
      start: at,
      end: at,
    },
  ];
}

function maxLength(rules: GuidelineRules, input: GuidelineCheckInput): Draft[] {
  const limit = rules.maxLength[input.network] ?? DEFAULT_MAX_LENGTH[input.network];
  const excess = measureExcess(input.text, limit);
  if (excess === null) return [];
  return [
    {
      rule: 'max_length',
      message: `Text is ${excess.length} characters; ${input.network} allows ${limit}`,
      start: excess.overflowAt,
      end: input.text.length,
    },
  ];
}

function blockedDomains(rules: GuidelineRules, links: FoundLink[]): Draft[] {
  const domains = new Set(rules.blockedDomains.map(normalizeDomain).filter((d): d is string => d !== null));
  if (domains.size === 0) return [];
  const drafts: Draft[] = [];
  for (const link of links) {
    const domain = blockedParent(link.url.hostname, domains);
    if (domain !== undefined) {
      drafts.push({
        rule: 'blocked_domain',
        message: `Links to ${domain} are not allowed`,
        start: link.start,
        end: link.end,
      });
    }
  }
  return drafts;
}

function contentLink(rules: GuidelineRules, input: GuidelineCheckInput, links: FoundLink[]): Draft[] {
  if (!rules.requireContentLink || input.contentUrl === undefined) return [];
  const accepted = new Set(
    [input.contentUrl, input.trackedUrl]
      .filter((u): u is string => u !== undefined)
      .map(linkKeyOf)
      .filter((k): k is string => k !== null),
  );
  if (links.some((link) => accepted.has(linkKey(link.url)))) return [];
  const at = input.text.length;
  return [
    {
      rule: 'content_link',
      message: `Text must contain the content's link (${input.trackedUrl ?? input.contentUrl})`,
      start: at,
      end: at,
    },
  ];
}

function byPosition(a: GuidelineFinding, b: GuidelineFinding): number {
  return (
    a.start - b.start ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    a.end - b.end ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function verdictOf(findings: GuidelineFinding[]): GuidelineVerdict {
  if (findings.some((f) => f.severity === 'blocked')) return 'blocked';
  return findings.length > 0 ? 'warning' : 'safe';
}

/**
 * Applies a tenant's guideline rules to a share text. Pure: same rules, input and clock, same result.
 * Throws a GuidelineCheckError when a confidential pattern cannot run on the linear engine
 * (`parseGuidelineRules` keeps such rules out) or when the check outlives its budget. At most
 * MAX_FINDINGS findings come back, the first by position, and at most MAX_MATCHES_PER_PATTERN per
 * term or pattern; `truncated` says some were left out.
 */
export function checkText(
  rules: GuidelineRules,
  input: GuidelineCheckInput,
  budget: CheckBudget = defaultBudget(),
  /** The confidential patterns' matches when they ran elsewhere (checkTextOffThread). */
  outcomes?: PatternOutcome[],
): GuidelineCheckResult {
  const startedAt = budget.now();
  const overBudget = () => budget.now() - startedAt > budget.limitMs;
  const needsFolding = rules.blockedTerms.length > 0 || rules.requiredDisclosure[input.network] !== undefined;
  const folded = needsFolding ? foldText(input.text) : foldText('');
  const needsLinks = rules.blockedDomains.length > 0 || rules.requireContentLink;
  const links = needsLinks ? findLinks(input.text) : [];
  const cut: Cut = { truncated: false };
  const drafts = [
    ...blockedTerms(rules, folded, overBudget, cut),
    ...confidential(rules, outcomes ?? patternOutcomes(rules, input.text, overBudget), cut),
    ...disclosure(rules, input, folded),
    ...maxLength(rules, input),
    ...blockedDomains(rules, links),
    ...contentLink(rules, input, links),
  ];
  const findings = drafts
    .map((d): GuidelineFinding => ({ ...d, severity: rules.severity[SEVERITY_KEY[d.rule]] }))
    .sort(byPosition);
  const verdict = verdictOf(findings);
  if (findings.length <= MAX_FINDINGS && !cut.truncated) return { verdict, findings };
  return { verdict, findings: findings.slice(0, MAX_FINDINGS), truncated: true };
}

/**
 * checkText with the confidential patterns run on the pool's worker threads, so a slow pattern never
 * holds up the service's other requests. Rejects with GuidelineCheckError `check_budget_exceeded`
 * when they outlive `budgetMs` and `check_busy` when the pool's queue is full.
 */
export async function checkTextOffThread(
  pool: PatternPool,
  rules: GuidelineRules,
  input: GuidelineCheckInput,
  budgetMs = DEFAULT_CHECK_BUDGET_MS,
): Promise<GuidelineCheckResult> {
  if (rules.confidentialPatterns.length === 0) return checkText(rules, input);
  const outcomes = await pool.run(
    rules.confidentialPatterns,
    input.text,
    MAX_MATCHES_PER_PATTERN + 1,
    budgetMs,
  );
  return checkText(rules, input, defaultBudget(), outcomes);
}
