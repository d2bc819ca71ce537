import { parseFeed } from './feed-parser';

const RSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog</title>
  <item><title>First &amp; best</title><link>https://example.com/a</link>
    <description>About A</description><pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate></item>
  <item><title>Bad link</title><link>javascript:alert(1)</link></item>
  <item><title>No link</title></item>
</channel></rss>`;

const RSS_SINGLE = `<rss><channel><item><title>Only</title><link>http://example.com/only</link></item></channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
  <entry><title type="html">Atom one</title>
    <link rel="self" href="https://example.com/self"/><link rel="alternate" href="https://example.com/one"/>
    <summary>S1</summary><updated>2026-03-09T10:00:00Z</updated></entry>
  <entry><title>Atom two</title><link href="https://example.com/two"/><content>C2</content></entry>
</feed>`;

describe('parseFeed', () => {
  it.each([
    [
      'RSS: entities decoded, unsafe and missing links skipped',
      RSS,
      [
        {
          title: 'First & best',
          url: 'https://example.com/a',
          summary: 'About A',
          publishedAt: '2026-03-10T09:00:00.000Z',
        },
      ],
    ],
    [
      'RSS with a single item',
      RSS_SINGLE,
      [{ title: 'Only', url: 'http://example.com/only', summary: null, publishedAt: null }],
    ],
    [
      'Atom: the alternate link, summary or content',
      ATOM,
      [
        {
          title: 'Atom one',
          url: 'https://example.com/one',
          summary: 'S1',
          publishedAt: '2026-03-09T10:00:00.000Z',
        },
        { title: 'Atom two', url: 'https://example.com/two', summary: 'C2', publishedAt: null },
      ],
    ],
    ['RSS without items', '<rss><channel><title>x</title></channel></rss>', []],
  ])('%s', (_label, xml, entries) => {
    expect(parseFeed(xml)).toEqual({ ok: true, entries });
  });

  it.each([
    ['HTML page', '<html><body>hi</body></html>', 'neither an RSS nor an Atom document'],
    ['plain text', 'hello', 'not XML'],
    ['broken XML', '<rss><channel>', 'not XML'],
  ])('refuses %s', (_label, xml, reason) => {
    expect(parseFeed(xml)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});
