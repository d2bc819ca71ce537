import { createHmac, KeyObject } from 'node:crypto';

const KNOWN_BOTS =
  /LinkedInBot|Twitterbot|facebookexternalhit|facebookcatalog|Slackbot|Slack-ImgProxy|Googlebot|bingbot|WhatsApp|TelegramBot|Discordbot|Applebot|redditbot|Pinterestbot|SkypeUriPreview|Embedly|Iframely|vkShare|XING-contenttabreceiver/i;
const GENERIC_BOTS =
  /bot\b|bot\/|crawler|spider|preview|headless|curl\/|wget\/|python-requests|go-http-client/i;

/** Link-preview bots, crawlers and scripts; an empty user agent is no browser either. */
export function isBot(userAgent: string | undefined): boolean {
  const agent = (userAgent ?? '').trim();
  if (!agent) return true;
  return KNOWN_BOTS.test(agent) || GENERIC_BOTS.test(agent);
}

/**
 * The network a visitor clicks from: an IPv4 address as it is, an IPv6 address cut to its /64 (one
 * subscriber gets a whole /64 and may rotate through it freely), an IPv4-mapped IPv6 address as IPv4.
 */
export function visitorNetwork(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+/, '') || '0')
    .join(':')}::/64`;
}

/**
 * The visitor of a click without storing the IP: HMAC-SHA256 keyed with a server secret over the
 * visitor's network and the day. Only what a client cannot choose goes in — never the user agent or
 * any other header, so a script that varies them stays one visitor. The day in the input makes the
 * same visitor a different one tomorrow, so hashes cannot be joined across days.
 */
export function visitorHash(secret: string | KeyObject, ip: string, day: string): string {
  return createHmac('sha256', secret)
    .update(`${visitorNetwork(ip)}|${day}`)
    .digest('hex');
}

export interface ClickCandidate {
  shareId: string;
  visitorHash: string;
  day: string;
  clickedAt: Date;
  human: boolean;
  own: boolean;
}

export interface ClickVerdict {
  capped: boolean;
  /** may count as unique: human, not the sharer's own, not capped; the day's first still decides. */
  uniqueCandidate: boolean;
}

const MINUTE_MS = 60_000;

/**
 * Burst cap: a visitor's clicks on one share within the last minute, counting earlier stored clicks
 * (`recent`, times per share|visitor) and the clicks before it in this batch; above `cap` it is capped.
 * Only the latest `cap` times per visitor can decide, so no more are kept: a burst stays linear.
 */
export function judgeClicks(
  clicks: readonly ClickCandidate[],
  recent: ReadonlyMap<string, readonly Date[]>,
  cap: number,
): ClickVerdict[] {
  const seen = new Map<string, number[]>();
  for (const [key, times] of recent)
    seen.set(
      key,
      times.map((time) => time.getTime()).sort((a, b) => a - b),
    );
  return clicks.map((click) => {
    const key = `${click.shareId}|${click.visitorHash}`;
    const at = click.clickedAt.getTime();
    const times = (seen.get(key) ?? []).filter((time) => time > at - MINUTE_MS && time <= at);
    const capped = times.length >= cap;
    times.push(at);
    if (times.length > cap) times.splice(0, times.length - cap);
    seen.set(key, times);
    return { capped, uniqueCandidate: click.human && !click.own && !capped };
  });
}

export interface Burst {
  shareId: string;
  visitorHash: string;
  /** Clicks after this moment and up to `until` belong to the burst. */
  since: Date;
  /** The last capped click: the moment the burst was recognised. */
  until: Date;
}

/**
 * The bursts a batch's verdicts reveal, one per visitor and share: a capped click makes the clicks of
 * the minute before it suspect, including the one that already counted as unique before the cap was
 * reached. That click can only be judged now, after the fact.
 */
export function burstsOf(clicks: readonly ClickCandidate[], verdicts: readonly ClickVerdict[]): Burst[] {
  const bursts = new Map<string, Burst>();
  clicks.forEach((click, index) => {
    if (!verdicts[index].capped) return;
    const key = `${click.shareId}|${click.visitorHash}`;
    const since = new Date(click.clickedAt.getTime() - MINUTE_MS);
    const burst = bursts.get(key);
    if (!burst) {
      bursts.set(key, {
        shareId: click.shareId,
        visitorHash: click.visitorHash,
        since,
        until: click.clickedAt,
      });
      return;
    }
    if (since < burst.since) burst.since = since;
    if (click.clickedAt > burst.until) burst.until = click.clickedAt;
  });
  return [...bursts.values()];
}
