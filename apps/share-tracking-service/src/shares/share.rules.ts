import { Network } from '@advocacy/contracts';
import type { ContentView } from '../projections/projection.repository';

export type ShareRefusalCode = 'content_unknown' | 'content_not_published' | 'content_outside_window';

export interface ShareRefusal {
  code: ShareRefusalCode;
  message: string;
}

/** Whether a content item may be shared at `now`; null when it may. */
export function contentRefusal(content: ContentView | null, now: Date): ShareRefusal | null {
  if (!content) return { code: 'content_unknown', message: 'this content item is not known' };
  if (content.status !== 'published') {
    return { code: 'content_not_published', message: 'this content item is not published' };
  }
  if (content.shareableFrom && now < content.shareableFrom) {
    return {
      code: 'content_outside_window',
      message: `this content item may be shared from ${content.shareableFrom.toISOString()}`,
    };
  }
  if (content.shareableUntil && now >= content.shareableUntil) {
    return {
      code: 'content_outside_window',
      message: `this content item could be shared until ${content.shareableUntil.toISOString()}`,
    };
  }
  return null;
}

export const trackedUrlOf = (publicBaseUrl: string, code: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/l/${code}`;

/**
 * The network's share dialog carrying the tracked link. Instagram has no web share intent: null.
 * LinkedIn, Facebook and Xing take only the URL (they read title and image from the page); X takes
 * the text too.
 */
export function intentUrlOf(network: Network, trackedUrl: string, text: string): string | null {
  const url = encodeURIComponent(trackedUrl);
  switch (network) {
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?url=${url}`;
    case 'x': {
      const params = new URLSearchParams();
      if (text.trim()) params.set('text', text);
      params.set('url', trackedUrl);
      return `https://x.com/intent/tweet?${params.toString()}`;
    }
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${url}`;
    case 'xing':
      return `https://www.xing.com/spi/shares/new?url=${url}`;
    case 'instagram':
      return null;
  }
}

export interface RedirectTarget {
  contentUrl: string;
  network: Network;
  campaignId: string | null;
  contentId: string;
  shareId: string;
}

/** The content URL with the UTM parameters of the share; other query parameters are kept. */
export function redirectUrlOf(target: RedirectTarget): string {
  const url = new URL(target.contentUrl);
  url.searchParams.set('utm_source', target.network);
  url.searchParams.set('utm_medium', 'employee_advocacy');
  url.searchParams.set('utm_campaign', target.campaignId ?? target.contentId);
  url.searchParams.set('utm_content', target.shareId);
  return url.toString();
}
