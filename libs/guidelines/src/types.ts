import type { Network } from '@advocacy/contracts';

export type GuidelineRuleCode =
  'blocked_term' | 'confidential' | 'disclosure' | 'max_length' | 'blocked_domain' | 'content_link';

/** `start`/`end` are UTF-16 offsets into the original text, end exclusive: `text.slice(start, end)`. */
export interface GuidelineFinding {
  rule: GuidelineRuleCode;
  severity: 'warning' | 'blocked';
  message: string;
  start: number;
  end: number;
}

export type GuidelineVerdict = 'safe' | 'warning' | 'blocked';

export interface GuidelineCheckResult {
  verdict: GuidelineVerdict;
  findings: GuidelineFinding[];
  /** present when findings were left out: over MAX_FINDINGS, or over MAX_MATCHES_PER_PATTERN of one term or pattern */
  truncated?: true;
}

export interface GuidelineCheckInput {
  network: Network;
  text: string;
  /** the content item's URL, for "must contain the content's link" */
  contentUrl?: string;
  /** tracked link that will stand in for the content URL; also satisfies the link rule */
  trackedUrl?: string;
}
