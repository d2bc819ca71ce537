import {
  captionsFor,
  feedScore,
  FeedCandidate,
  isInWindow,
  networksOf,
  pickCaption,
  rankFeed,
  topicOverlap,
} from './feed.rules';

const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

const item = (overrides: Partial<FeedCandidate> & { contentId: string }): FeedCandidate => ({
  topics: [],
  campaignPriority: 0,
  publishedAt: NOW,
  shareableFrom: null,
  shareableUntil: null,
  ...overrides,
});

describe('isInWindow', () => {
  it.each([
    ['no window', null, null, true],
    ['from in the past', '2026-03-10T11:00:00Z', null, true],
    ['from exactly now', '2026-03-10T12:00:00Z', null, true],
    ['from in the future', '2026-03-10T12:00:01Z', null, false],
    ['until in the future', null, '2026-03-10T12:00:01Z', true],
    ['until exactly now (exclusive)', null, '2026-03-10T12:00:00Z', false],
    ['until in the past', null, '2026-03-09T00:00:00Z', false],
  ])('%s', (_label, from, until, expected) => {
    expect(
      isInWindow(
        { shareableFrom: from ? new Date(from) : null, shareableUntil: until ? new Date(until) : null },
        NOW,
      ),
    ).toBe(expected);
  });
});

describe('topicOverlap', () => {
  it.each([
    [[], [], 0],
    [['ai'], [], 0],
    [['ai', 'cloud'], ['cloud'], 1],
    [['AI', 'Cloud'], ['ai', 'cloud', 'hr'], 2],
    [['ai', 'ai'], ['ai'], 1],
  ])('%j ∩ %j = %i', (itemTopics, readerTopics, expected) => {
    expect(topicOverlap(itemTopics, readerTopics)).toBe(expected);
  });
});

describe('feedScore', () => {
  it.each([
    ['fresh, nothing else', item({ contentId: 'a' }), 5],
    ['two days old halves freshness', item({ contentId: 'a', publishedAt: hoursAgo(48) }), 2.5],
    ['one shared topic', item({ contentId: 'a', topics: ['ai'], publishedAt: hoursAgo(48) }), 5.5],
    ['campaign priority 4', item({ contentId: 'a', campaignPriority: 4, publishedAt: hoursAgo(48) }), 6.5],
    ['future publish date counts as fresh', item({ contentId: 'a', publishedAt: hoursAgo(-5) }), 5],
  ])('%s', (_label, candidate, expected) => {
    expect(feedScore(candidate, { topics: ['ai'] }, NOW)).toBeCloseTo(expected, 3);
  });
});

describe('rankFeed', () => {
  const cases: [string, FeedCandidate[], string[], string[]][] = [
    [
      'topic overlap beats freshness',
      [item({ contentId: 'new' }), item({ contentId: 'topical', topics: ['ai'], publishedAt: hoursAgo(24) })],
      ['ai'],
      ['topical', 'new'],
    ],
    [
      'campaign priority beats a slightly fresher item',
      [
        item({ contentId: 'fresh', publishedAt: hoursAgo(1) }),
        item({ contentId: 'campaign', campaignPriority: 3, publishedAt: hoursAgo(12) }),
      ],
      [],
      ['campaign', 'fresh'],
    ],
    [
      'fresher first when all else is equal',
      [
        item({ contentId: 'old', publishedAt: hoursAgo(100) }),
        item({ contentId: 'young', publishedAt: hoursAgo(2) }),
      ],
      [],
      ['young', 'old'],
    ],
    [
      'equal score and date: content id keeps the order stable',
      [item({ contentId: 'b' }), item({ contentId: 'a' })],
      [],
      ['a', 'b'],
    ],
    ['empty feed', [], ['ai'], []],
  ];
  it.each(cases)('%s', (_label, items, topics, expected) => {
    expect(rankFeed(items, { topics }, NOW).map((ranked) => ranked.contentId)).toEqual(expected);
  });
});

describe('pickCaption', () => {
  const captions = ['one', 'two', 'three'];
  it.each([
    [[], 'alice', 'c1', undefined],
    [['only'], 'alice', 'c1', 'only'],
  ])('%j for %s', (list, employee, content, expected) => {
    expect(pickCaption(list, employee, content)).toBe(expected);
  });

  it('is stable for the same employee and item', () => {
    expect(pickCaption(captions, 'alice', 'c1')).toBe(pickCaption(captions, 'alice', 'c1'));
  });

  it('spreads the captions across colleagues', () => {
    const picked = Array.from({ length: 60 }, (_, index) => pickCaption(captions, `employee-${index}`, 'c1'));
    const counts = captions.map((caption) => picked.filter((value) => value === caption).length);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(10);
  });
});

describe('networksOf and captionsFor', () => {
  it.each([
    [{}, ['linkedin', 'x', 'facebook', 'instagram', 'xing']],
    [{ x: 10 }, ['x']],
    [{ linkedin: 0, xing: 5 }, ['linkedin', 'xing']],
  ])('networksOf(%j)', (followers, expected) => {
    expect(networksOf(followers)).toEqual(expected);
  });

  it('gives one caption per used network and leaves out networks without captions', () => {
    const picked = captionsFor(
      { linkedin: ['a', 'b'], x: ['short'] },
      ['linkedin', 'x', 'facebook'],
      'alice',
      'c1',
    );
    expect(Object.keys(picked).sort()).toEqual(['linkedin', 'x']);
    expect(['a', 'b']).toContain(picked.linkedin);
    expect(picked.x).toBe('short');
  });
});
