import { burstsOf, ClickCandidate, isBot, judgeClicks, visitorHash, visitorNetwork } from './click.rules';

describe('isBot', () => {
  it.each([
    ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', true],
    ['Twitterbot/1.0', true],
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', true],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', true],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', true],
    ['WhatsApp/2.23.20.0', true],
    ['TelegramBot (like TwitterBot)', true],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', true],
    ['SomeCrawler/3.1', true],
    ['acme-spider', true],
    ['Link Preview Service', true],
    ['', true],
    [undefined, true],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      false,
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      false,
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', false],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 (Robotics Lab)',
      false,
    ],
  ])('%j → %s', (agent, expected) => expect(isBot(agent)).toBe(expected));
});

describe('visitorNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1:2', 'fe80:0:0:0::/64'],
  ])('%s → %s', (ip, network) => expect(visitorNetwork(ip)).toBe(network));
});

describe('visitorHash', () => {
  const base = ['secret-0123456789', '203.0.113.7', '2026-03-10'] as const;
  it('is a 64-character hex HMAC-SHA256, stable for the same input', () => {
    const hash = visitorHash(...base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(visitorHash(...base)).toBe(hash);
    // printf '%s' '203.0.113.7|2026-03-10' | openssl dgst -sha256 -hmac 'secret-0123456789'
    expect(hash).toBe('e4d5eface6442db3d77cc3ebaf49326c0062a299f02418f23b1c1da88c86802e');
  });
  it.each([
    ['secret', ['other-secret-0123', base[1], base[2]]],
    ['ip', [base[0], '203.0.113.8', base[2]]],
    ['/64 of an IPv6 address', [base[0], '2001:db8:1:3::1', base[2]]],
    ['day', [base[0], base[1], '2026-03-11']],
  ] as const)('changes with the %s', (_what, input) => {
    expect(visitorHash(input[0], input[1], input[2])).not.toBe(visitorHash(...base));
  });
  it('stays the same within one IPv6 /64', () => {
    expect(visitorHash(base[0], '2001:db8:1:2::1', base[2])).toBe(
      visitorHash(base[0], '2001:db8:1:2:aaaa::9', base[2]),
    );
  });
  it('does not contain the ip', () => {
    expect(visitorHash(...base)).not.toContain('203');
  });
});

describe('judgeClicks', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 2, 10, 12, 0, seconds));
  const click = (seconds: number, extra: Partial<ClickCandidate> = {}): ClickCandidate => ({
    shareId: 's',
    visitorHash: 'v',
    day: '2026-03-10',
    clickedAt: at(seconds),
    human: true,
    own: false,
    ...extra,
  });

  it.each<[string, ClickCandidate[], Map<string, Date[]>, number, boolean[]]>([
    ['under the cap', [click(0), click(1), click(2)], new Map(), 3, [false, false, false]],
    [
      'the click after the cap',
      [click(0), click(1), click(2), click(3)],
      new Map(),
      3,
      [false, false, false, true],
    ],
    ['earlier stored clicks count', [click(30)], new Map([['s|v', [at(0), at(10), at(20)]]]), 3, [true]],
    ['a minute later the window is free', [click(61)], new Map([['s|v', [at(0), at(1), at(2)]]]), 3, [false]],
    [
      'other visitors do not count',
      [click(5, { visitorHash: 'w' })],
      new Map([['s|v', [at(0), at(1), at(2)]]]),
      3,
      [false],
    ],
  ])('%s', (_label, clicks, recent, cap, capped) => {
    expect(judgeClicks(clicks, recent, cap).map((verdict) => verdict.capped)).toEqual(capped);
  });

  it.each<[string, Partial<ClickCandidate>, boolean]>([
    ['a human visitor', {}, true],
    ['a bot', { human: false }, false],
    ["the sharer's own click", { own: true }, false],
  ])('%s may be unique: %s', (_label, extra, expected) => {
    expect(judgeClicks([click(0, extra)], new Map(), 10)[0].uniqueCandidate).toBe(expected);
  });

  it('a capped click is never a unique candidate', () => {
    expect(judgeClicks([click(0), click(1)], new Map(), 1)[1]).toEqual({
      capped: true,
      uniqueCandidate: false,
    });
  });
});

describe('burstsOf', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 2, 10, 12, 0, seconds));
  const click = (seconds: number, visitorHash = 'v', shareId = 's'): ClickCandidate => ({
    shareId,
    visitorHash,
    day: '2026-03-10',
    clickedAt: at(seconds),
    human: true,
    own: false,
  });
  const verdict = (capped: boolean) => ({ capped, uniqueCandidate: !capped });

  it.each<[string, ClickCandidate[], boolean[], { key: string; since: Date; until: Date }[]]>([
    ['no capped click, no burst', [click(0), click(1)], [false, false], []],
    [
      'a capped click suspects the minute before it',
      [click(0), click(70)],
      [false, true],
      [{ key: 's|v', since: at(10), until: at(70) }],
    ],
    [
      'several capped clicks of one visitor make one burst spanning them',
      [click(70), click(75), click(90)],
      [true, true, true],
      [{ key: 's|v', since: at(10), until: at(90) }],
    ],
    [
      'visitors and shares are judged apart',
      [click(70, 'v'), click(71, 'w'), click(72, 'v', 't'), click(73, 'x')],
      [true, true, true, false],
      [
        { key: 's|v', since: at(10), until: at(70) },
        { key: 's|w', since: at(11), until: at(71) },
        { key: 't|v', since: at(12), until: at(72) },
      ],
    ],
  ])('%s', (_label, clicks, capped, expected) => {
    const bursts = burstsOf(clicks, capped.map(verdict)).map((burst) => ({
      key: `${burst.shareId}|${burst.visitorHash}`,
      since: burst.since,
      until: burst.until,
    }));
    expect(bursts).toEqual(expected);
  });
});
