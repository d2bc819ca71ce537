import type { Span } from './normalize';

export interface FoundLink extends Span {
  /** The link as written, trailing punctuation dropped. */
  raw: string;
  /** Parsed with `http://` assumed when the text has no scheme. */
  url: URL;
}

/**
 * Links as people write them in posts: `http(s)://…`, and bare hosts such as `www.example.com` or
 * `example.com/path` (at least one dot, a top-level label of two or more letters). A bare host right
 * after `@`, `.`, `-`, `_` or a letter is part of something else (an e-mail address, a longer host).
 */
const LINK =
  /(?:https?:\/\/|(?<![\p{L}\p{N}@._-])(?=(?:[\p{L}\p{N}_-]+\.)+\p{L}{2,}(?![\p{L}\p{N}_-])))[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'"*\u2026)\]}>]+$/u;

function trimTrailing(raw: string): string {
  let link = raw.replace(TRAILING_PUNCTUATION, '');
  // "(see example.com/a_(b))." keeps the parenthesis that belongs to the link.
  while (raw.length > link.length && raw[link.length] === ')' && count(link, '(') > count(link, ')')) {
    link += ')';
  }
  return link;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function parse(link: string): URL | null {
  const withScheme = /^https?:\/\//i.test(link) ? link : `http://${link}`;
  try {
    return new URL(withScheme);
  } catch {
    return null;
  }
}

export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of text.matchAll(LINK)) {
    const raw = trimTrailing(match[0]);
    const url = parse(raw);
    if (url === null || url.hostname === '') continue;
    links.push({ raw, url, start: match.index, end: match.index + raw.length });
  }
  return links;
}

/**
 * A configured blocked domain as a bare lower-case host (punycode for IDNs, like `URL.hostname`).
 * Tolerates "https://evil.com/", "*.evil.com" and ".evil.com"; null when it is no host at all.
 */
export function normalizeDomain(domain: string): string | null {
  const bare = domain.trim().replace(/^\*?\.+/, '');
  const url = parse(bare);
  if (url === null) return null;
  const host = url.hostname.replace(/\.$/, '');
  return host === '' ? null : host;
}

/**
 * The blocked domain covering `host`, if any: "evil.com" covers "evil.com" and "a.evil.com", not
 * "notevil.com". Looks up each parent of the host, so the cost does not grow with the list.
 */
export function blockedParent(host: string, domains: ReadonlySet<string>): string | undefined {
  let candidate = host.replace(/\.$/, '');
  for (;;) {
    if (domains.has(candidate)) return candidate;
    const dot = candidate.indexOf('.');
    if (dot === -1) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}

/**
 * Comparable form of a link: scheme ignored (people drop it), host lower-cased (URL does that),
 * default port dropped, trailing slash ignored, `utm_*` parameters removed, fragment ignored.
 */
export function linkKey(url: URL): string {
  const params = [...url.searchParams].filter(([name]) => !name.toLowerCase().startsWith('utm_'));
  const query = new URLSearchParams(params).toString();
  const path = url.pathname.replace(/\/+$/, '');
  const host = url.hostname.replace(/\.$/, '');
  return `${host}${url.port === '' ? '' : `:${url.port}`}${path}${query === '' ? '' : `?${query}`}`;
}

export function linkKeyOf(link: string): string | null {
  const url = parse(link.trim());
  return url === null ? null : linkKey(url);
}
