import { Captions, Network, NETWORKS } from '@advocacy/contracts';

export interface FeedCandidate {
  contentId: string;
  topics: readonly string[];
  campaignPriority: number;
  publishedAt: Date;
  shareableFrom: Date | null;
  shareableUntil: Date | null;
}

export interface FeedReader {
  topics: readonly string[];
}

export const RANKING = {
  perSharedTopic: 3,
  perCampaignPriority: 1,
  freshnessMax: 5,
  freshnessHalfLifeHours: 48,
} as const;

const HOUR_MS = 3_600_000;

/** Shareable now: `shareableFrom` inclusive, `shareableUntil` exclusive. */
export function isInWindow(
  item: Pick<FeedCandidate, 'shareableFrom' | 'shareableUntil'>,
  now: Date,
): boolean {
  const at = now.getTime();
  if (item.shareableFrom && item.shareableFrom.getTime() > at) return false;
  if (item.shareableUntil && item.shareableUntil.getTime() <= at) return false;
  return true;
}

export function topicOverlap(itemTopics: readonly string[], readerTopics: readonly string[]): number {
  const wanted = new Set(readerTopics.map((topic) => topic.toLowerCase()));
  return new Set(itemTopics.map((topic) => topic.toLowerCase()).filter((topic) => wanted.has(topic))).size;
}

/** Topic overlap with the reader's interests, then campaign priority, then freshness (halving every 2 days). */
export function feedScore(item: FeedCandidate, reader: FeedReader, now: Date): number {
  const ageHours = Math.max(0, (now.getTime() - item.publishedAt.getTime()) / HOUR_MS);
  const freshness = RANKING.freshnessMax * 0.5 ** (ageHours / RANKING.freshnessHalfLifeHours);
  const score =
    RANKING.perSharedTopic * topicOverlap(item.topics, reader.topics) +
    RANKING.perCampaignPriority * item.campaignPriority +
    freshness;
  return Math.round(score * 1000) / 1000;
}

/** Best first; ties go to the newer item, then to the content id so the order is stable across pages. */
export function rankFeed<T extends FeedCandidate>(
  items: readonly T[],
  reader: FeedReader,
  now: Date,
): (T & { score: number })[] {
  return items
    .map((item) => ({ ...item, score: feedScore(item, reader, now) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.publishedAt.getTime() - a.publishedAt.getTime() ||
        a.contentId.localeCompare(b.contentId),
    );
}

/** 32-bit FNV-1a: cheap, stable across processes, well spread for short ids. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * One of the item's captions for this employee: stable for the same person and item, spread across
 * colleagues so a hundred of them do not post the same sentence.
 */
export function pickCaption(
  captions: readonly string[],
  employeeId: string,
  contentId: string,
): string | undefined {
  if (captions.length === 0) return undefined;
  return captions[fnv1a(`${employeeId}:${contentId}`) % captions.length];
}

/** The networks the employee told us they use (follower counts), or every network when unknown. */
export function networksOf(followers: Partial<Record<Network, number>>): Network[] {
  const used = NETWORKS.filter((network) => followers[network] !== undefined);
  return used.length > 0 ? used : [...NETWORKS];
}

export function captionsFor(
  captions: Captions,
  networks: readonly Network[],
  employeeId: string,
  contentId: string,
): Partial<Record<Network, string>> {
  const picked: Partial<Record<Network, string>> = {};
  for (const network of networks) {
    const caption = pickCaption(captions[network] ?? [], employeeId, contentId);
    if (caption !== undefined) picked[network] = caption;
  }
  return picked;
}
