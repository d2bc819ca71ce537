import { HttpUrl } from '@advocacy/contracts';
import { XMLParser } from 'fast-xml-parser';

export interface FeedEntry {
  title: string;
  url: string;
  summary: string | null;
  publishedAt: string | null;
}

export type ParsedFeed = { ok: true; entries: FeedEntry[] } | { ok: false; reason: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
});

const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text of an element that may carry attributes (`<title type="html">…</title>`). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (isRecord(value) && value['#text'] !== undefined) return textOf(value['#text']);
  return null;
}

/** Atom's `<link rel="alternate" href>` (rel defaults to alternate), or the text of an RSS `<link>`. */
function linkOf(value: unknown): string | null {
  const links = asArray(value);
  for (const link of links) {
    if (isRecord(link) && typeof link['@_href'] === 'string') {
      const rel = link['@_rel'];
      if (rel === undefined || rel === 'alternate') return link['@_href'];
    }
  }
  for (const link of links) {
    const text = textOf(link);
    if (text) return text;
  }
  return null;
}

function dateOf(value: unknown): string | null {
  const text = textOf(value);
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function entry(title: unknown, link: unknown, summary: unknown, date: unknown): FeedEntry | null {
  const url = linkOf(link);
  const heading = textOf(title);
  if (!url || !heading || !HttpUrl.safeParse(url).success) return null;
  const text = textOf(summary);
  return {
    title: heading.slice(0, 200),
    url,
    summary: text ? text.slice(0, 5000) : null,
    publishedAt: dateOf(date),
  };
}

/** Reads an RSS 2.0 or Atom document into entries with an http(s) link; anything else is refused. */
export function parseFeed(xml: string): ParsedFeed {
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    return { ok: false, reason: `not XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(document)) return { ok: false, reason: 'empty document' };
  const rss = document.rss;
  if (isRecord(rss) && isRecord(rss.channel)) {
    const entries = asArray(rss.channel.item)
      .filter(isRecord)
      .map((item) => entry(item.title, item.link, item.description, item.pubDate));
    return { ok: true, entries: entries.filter((value): value is FeedEntry => value !== null) };
  }
  const feed = document.feed;
  if (isRecord(feed)) {
    const entries = asArray(feed.entry)
      .filter(isRecord)
      .map((item) =>
        entry(item.title, item.link, item.summary ?? item.content, item.published ?? item.updated),
      );
    return { ok: true, entries: entries.filter((value): value is FeedEntry => value !== null) };
  }
  return { ok: false, reason: 'neither an RSS nor an Atom document' };
}
