import { Network } from '@advocacy/contracts';
import type { ContentView } from '../projections/projection.repository';
import { contentRefusal, intentUrlOf, redirectUrlOf, trackedUrlOf } from './share.rules';

const tracked = 'https://go.example.com/l/AbC123xyZ9';

describe('intentUrlOf', () => {
  it.each<[Network, string, string | null]>([
    [
      'linkedin',
      'Great read',
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fgo.example.com%2Fl%2FAbC123xyZ9',
    ],
    [
      'x',
      'Great read & more',
      'https://x.com/intent/tweet?text=Great+read+%26+more&url=https%3A%2F%2Fgo.example.com%2Fl%2FAbC123xyZ9',
    ],
    ['x', '  ', 'https://x.com/intent/tweet?url=https%3A%2F%2Fgo.example.com%2Fl%2FAbC123xyZ9'],
    [
      'facebook',
      'ignored',
      'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fgo.example.com%2Fl%2FAbC123xyZ9',
    ],
    [
      'xing',
      'ignored',
      'https://www.xing.com/spi/shares/new?url=https%3A%2F%2Fgo.example.com%2Fl%2FAbC123xyZ9',
    ],
    ['instagram', 'no web intent', null],
  ])('%s with text %j', (network, text, expected) => {
    expect(intentUrlOf(network, tracked, text)).toBe(expected);
  });

  it('carries the tracked link so that it round-trips', () => {
    const intent = new URL(intentUrlOf('linkedin', tracked, '')!);
    expect(intent.searchParams.get('url')).toBe(tracked);
  });
});

describe('trackedUrlOf', () => {
  it.each([
    ['https://go.example.com', 'https://go.example.com/l/abcdefgh'],
    ['https://go.example.com/', 'https://go.example.com/l/abcdefgh'],
    ['http://127.0.0.1:3002//', 'http://127.0.0.1:3002/l/abcdefgh'],
  ])('%s', (base, expected) => expect(trackedUrlOf(base, 'abcdefgh')).toBe(expected));
});

describe('redirectUrlOf', () => {
  const share = { network: 'linkedin' as const, contentId: 'c-1', shareId: 's-1' };
  it.each([
    [
      'https://example.com/post',
      null,
      'https://example.com/post?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=c-1&utm_content=s-1',
    ],
    [
      'https://example.com/post?ref=home&utm_source=old#top',
      'spring',
      'https://example.com/post?ref=home&utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=spring&utm_content=s-1#top',
    ],
  ])('%s (campaign %s)', (contentUrl, campaignId, expected) => {
    expect(redirectUrlOf({ ...share, contentUrl, campaignId })).toBe(expected);
  });
});

describe('contentRefusal', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const content: ContentView = {
    contentId: 'c-1',
    url: 'https://example.com',
    title: 'T',
    campaignId: null,
    shareableFrom: null,
    shareableUntil: null,
    publishedAt: new Date('2026-03-01T00:00:00Z'),
    status: 'published',
  };
  it.each<[string, ContentView | null, string | null]>([
    ['unknown', null, 'content_unknown'],
    ['archived', { ...content, status: 'archived' }, 'content_not_published'],
    ['not yet', { ...content, shareableFrom: new Date('2026-03-11T00:00:00Z') }, 'content_outside_window'],
    ['expired', { ...content, shareableUntil: new Date('2026-03-10T12:00:00Z') }, 'content_outside_window'],
    [
      'inside',
      {
        ...content,
        shareableFrom: new Date('2026-03-10T12:00:00Z'),
        shareableUntil: new Date('2026-03-11T00:00:00Z'),
      },
      null,
    ],
    ['no window', content, null],
  ])('%s', (_label, value, expected) => {
    expect(contentRefusal(value, now)?.code ?? null).toBe(expected);
  });
});
