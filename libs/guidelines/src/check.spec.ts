import type { GuidelineRulesInput, Network } from '@advocacy/contracts';
import {
  checkText,
  DEFAULT_MAX_LENGTH,
  GuidelineCheckError,
  MAX_FINDINGS,
  parseGuidelineRules,
} from './index';
import type { GuidelineCheckInput, GuidelineFinding } from './index';

const rules = (input: GuidelineRulesInput = {}) => parseGuidelineRules(input);
const check = (r: GuidelineRulesInput, text: string, extra: Partial<GuidelineCheckInput> = {}) =>
  checkText(rules(r), { network: 'linkedin', text, ...extra });
/** What a UI would underline for each finding of one rule. */
const underlined = (text: string, findings: GuidelineFinding[], rule = findings[0]?.rule) =>
  findings.filter((f) => f.rule === rule).map((f) => text.slice(f.start, f.end));

describe('blocked terms', () => {
  it.each([
    ['case', ['Confidential'], 'This is CONFIDENTIAL stuff', ['CONFIDENTIAL']],
    ['accented term, plain text', ['café'], 'Meet at the CAFE and the cafe', ['CAFE', 'cafe']],
    ['plain term, accented text', ['cafe'], 'Meet at the Café', ['Café']],
    ['decomposed accent in text', ['cafe'], 'Meet at the cafe\u0301 now', ['cafe\u0301']],
    ['decomposed accent in term', ['cafe\u0301'], 'Meet at the café now', ['café']],
    ['letters NFD leaves alone', ['lodz', 'strasse'], 'Łódź and STRAßE', ['Łódź', 'STRAßE']],
    ['whole word: no match inside a word', ['ass'], 'A class of its own, bass', []],
    ['whole word: punctuation is a boundary', ['ass'], '(ass), ass!', ['ass', 'ass']],
    ['whole word: accented letter is a letter', ['caf'], 'café', []],
    ['whole word: digits join words', ['q3'], 'Q3 results, not q32', ['Q3']],
    ['non-ASCII neighbours', ['berlin'], 'über-berlin, überberlin', ['berlin']],
    ['term with a non-word edge', ['#fail'], 'so#fail and #failure #fail', ['#fail', '#fail']],
    ['phrase', ['insider information'], 'Some Insider Information here', ['Insider Information']],
    [
      'phrase across whitespace runs',
      ['insider information'],
      'Insider \n\t information',
      ['Insider \n\t information'],
    ],
    [
      'whitespace runs in the term',
      ['insider   information'],
      'insider information',
      ['insider information'],
    ],
    ['unspaced scripts match inside runs', ['機密'], 'これは機密です', ['機密']],
  ])('%s', (_name, blockedTerms, text, expected) => {
    expect(underlined(text, check({ blockedTerms }, text).findings, 'blocked_term')).toEqual(expected);
  });

  it('reports overlapping matches of different terms, each with its own message', () => {
    const text = 'Our confidential project starts';
    const { findings, verdict } = check(
      { blockedTerms: ['confidential project', 'project', 'confidential'] },
      text,
    );
    expect(verdict).toBe('blocked');
    expect(findings.map((f) => [text.slice(f.start, f.end), f.message])).toEqual([
      ['confidential', "'confidential' is not allowed"],
      ['confidential project', "'confidential project' is not allowed"],
      ['project', "'project' is not allowed"],
    ]);
  });

  it('reports a term once when two entries fold to the same spelling', () => {
    expect(check({ blockedTerms: ['Café', 'cafe'] }, 'cafe').findings).toHaveLength(1);
  });

  it.each([
    ['emoji before', '🎉🎉 secret 👩‍👩‍👧 secret'],
    ['astral letters before', '𝒜𝒷𝒸 secret'],
    ['decomposed accents before', 'e\u0301e\u0301e\u0301 secret Crème\u0300 secret'],
    ['expanding letters before', 'ßßß ǅ ﬁ secret'],
  ])('offsets point into the original text with %s', (_name, text) => {
    const { findings } = check({ blockedTerms: ['secret'] }, text);
    expect(findings.length).toBeGreaterThan(0);
    expect(underlined(text, findings)).toEqual(findings.map(() => 'secret'));
  });
});

describe('confidential patterns', () => {
  const falcon = { name: 'project code names', pattern: 'project\\s+(falcon|osprey)' };

  it.each([
    [
      'default flag i',
      [falcon],
      'About PROJECT Falcon and project osprey',
      ['PROJECT Falcon', 'project osprey'],
    ],
    [
      'explicit flags without i',
      [{ ...falcon, flags: '' }],
      'PROJECT falcon, project falcon',
      ['project falcon'],
    ],
    ['no match', [falcon], 'nothing here', []],
    ['zero-length matches are skipped', [{ name: 'empty', pattern: 'x*' }], 'abxxc', ['xx']],
    ['unicode mode when valid: . sees an emoji', [{ name: 'emoji', pattern: 'a.b' }], 'a🎉b', ['a🎉b']],
    ['non-unicode fallback', [{ name: 'legacy', pattern: '\\-\\d' }], 'x-1', ['-1']],
  ])('%s', (_name, confidentialPatterns, text, expected) => {
    expect(underlined(text, check({ confidentialPatterns }, text).findings, 'confidential')).toEqual(
      expected,
    );
  });

  it('names the pattern, never echoes it', () => {
    const [finding] = check({ confidentialPatterns: [falcon] }, 'project falcon').findings;
    expect(finding.message).toBe("'project falcon' matches the confidential pattern 'project code names'");
    expect(finding.message).not.toContain(falcon.pattern);
  });

  it('offsets survive emoji before the match', () => {
    const text = '👩‍💻🚀 é project falcon';
    expect(underlined(text, check({ confidentialPatterns: [falcon] }, text).findings)).toEqual([
      'project falcon',
    ]);
  });

  it.each([
    ['a broken pattern', '('],
    ['a backreference stored before the linear engine', '(a)\\1'],
  ])('fails closed on rules that bypassed parseGuidelineRules with %s', (_name, pattern) => {
    const broken = { ...rules(), confidentialPatterns: [{ name: 'broken', pattern, flags: 'i' }] };
    expect(() => checkText(broken, { network: 'x', text: 'hi' })).toThrow(
      expect.objectContaining({ name: 'GuidelineCheckError', code: 'pattern_unsupported' }),
    );
  });

  it.each([
    ['nested quantifiers', '(a+)+$', 'a'.repeat(30) + '!'],
    ['nested quantifiers on a long text', '(a+)+$', 'a'.repeat(70_000) + '!'],
    ['alternation under a star', '(a|a)*b', 'a'.repeat(70_000)],
    ['overlapping words', '(\\w+\\s?)*$', 'word '.repeat(14_000) + '!'],
    ['counted repeats', '(x+x+)+y', 'x'.repeat(70_000)],
  ])('runs %s in linear time', (_name, pattern, text) => {
    const started = performance.now();
    const result = check({ confidentialPatterns: [{ name: 'evil', pattern }] }, text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.findings.filter((finding) => finding.rule === 'confidential')).toEqual([]);
  });

  it('stops with check_budget_exceeded once the clock passes the budget', () => {
    let now = 0;
    const clock = { now: () => (now += 10), limitMs: 35 };
    const r = rules({ confidentialPatterns: [{ name: 'digit', pattern: '\\d' }] });
    expect(() => checkText(r, { network: 'linkedin', text: '1 2 3 4 5 6' }, clock)).toThrow(
      expect.objectContaining({ name: GuidelineCheckError.name, code: 'check_budget_exceeded' }),
    );
    now = 0;
    expect(
      checkText(r, { network: 'linkedin', text: '1 2' }, { ...clock, limitMs: 1000 }).findings,
    ).toHaveLength(2);
  });

  it(`answers at most ${MAX_FINDINGS} findings, flagged as truncated, with the verdict of all`, () => {
    const text = 'secret x '.repeat(10_000);
    const result = check(
      {
        blockedTerms: ['secret', 'x'],
        confidentialPatterns: [{ name: 's', pattern: 'sec' }],
        severity: { blockedTerm: 'warning', confidential: 'blocked' },
      },
      text,
    );
    expect(result.findings).toHaveLength(MAX_FINDINGS);
    expect(result.truncated).toBe(true);
    expect(result.verdict).toBe('blocked');
    expect(JSON.stringify(result).length).toBeLessThan(50_000);
    expect(check({ blockedTerms: ['secret'] }, 'secret').truncated).toBeUndefined();
  });

  it('caps matches per pattern and per term, flagged as truncated', () => {
    const text = 'a '.repeat(1000);
    const byPattern = check({ confidentialPatterns: [{ name: 'a', pattern: 'a' }] }, text);
    expect(byPattern.findings).toHaveLength(100);
    expect(byPattern.truncated).toBe(true);
    const byTerm = check({ blockedTerms: ['a'] }, text);
    expect(byTerm.findings).toHaveLength(100);
    expect(byTerm.truncated).toBe(true);
    // exactly the cap: nothing left out
    expect(check({ blockedTerms: ['a'] }, 'a '.repeat(100)).truncated).toBeUndefined();
    expect(
      check({ confidentialPatterns: [{ name: 'a', pattern: 'a' }] }, 'a '.repeat(100)).truncated,
    ).toBeUndefined();
  });
});

describe('required disclosure', () => {
  const requiredDisclosure = { linkedin: '#ad', x: '#Employee' };

  it.each([
    ['present', 'linkedin', 'Great news #ad', false],
    ['present, other case', 'x', 'Great news #EMPLOYEE', false],
    ['present mid-text', 'linkedin', '#Ad: great news', false],
    ['missing', 'linkedin', 'Great news', true],
    ['only as a prefix of a longer tag', 'linkedin', 'Great #adventure', true],
    ['not required on this network', 'facebook', 'Great news', false],
  ] as const)('%s', (_name, network, text, missing) => {
    const { findings } = checkText(rules({ requiredDisclosure }), { network, text });
    expect(findings).toEqual(
      missing
        ? [
            {
              rule: 'disclosure',
              severity: 'warning',
              message: `The disclosure '${requiredDisclosure[network as 'linkedin' | 'x']}' is required on ${network}`,
              start: text.length,
              end: text.length,
            },
          ]
        : [],
    );
  });
});

describe('max length', () => {
  it.each(Object.entries(DEFAULT_MAX_LENGTH) as Array<[Network, number]>)(
    'default for %s is %i code points',
    (network, limit) => {
      const ok = checkText(rules(), { network, text: 'a'.repeat(limit) });
      expect(ok.findings).toEqual([]);
      const text = 'a'.repeat(limit + 3);
      const { findings } = checkText(rules(), { network, text });
      expect(findings).toEqual([
        {
          rule: 'max_length',
          severity: 'blocked',
          message: `Text is ${limit + 3} characters; ${network} allows ${limit}`,
          start: limit,
          end: text.length,
        },
      ]);
    },
  );

  it.each([
    ['override is lower', { linkedin: 10 }, 'linkedin', 11, true],
    ['override is higher', { x: 500 }, 'x', 400, false],
    ['override for another network', { linkedin: 10 }, 'x', 200, false],
  ] as const)('%s', (_name, maxLength, network, size, exceeded) => {
    const { findings } = checkText(rules({ maxLength }), { network, text: 'b'.repeat(size) });
    expect(findings.length).toBe(exceeded ? 1 : 0);
  });

  it('counts code points, so an emoji is one character and the overflow starts on a code point', () => {
    const text = '🎉'.repeat(12);
    const { findings } = checkText(rules({ maxLength: { x: 10 } }), { network: 'x', text });
    expect(findings[0].message).toBe('Text is 12 characters; x allows 10');
    expect(underlined(text, findings)).toEqual(['🎉🎉']);
  });
});

describe('blocked domains', () => {
  const blockedDomains = ['evil.com', 'https://Bad.example/', '*.tracker.io'];

  it.each([
    ['https URL', 'See https://evil.com/x?y=1 now', ['https://evil.com/x?y=1']],
    ['http URL, upper case host', 'See HTTP://EVIL.COM.', ['HTTP://EVIL.COM']],
    ['subdomain', 'at https://a.b.evil.com/path', ['https://a.b.evil.com/path']],
    ['www form', 'visit www.evil.com/page, ok', ['www.evil.com/page']],
    ['bare domain with path', 'go to evil.com/path!', ['evil.com/path']],
    ['port and userinfo', 'http://good.com@evil.com:8080/x', ['http://good.com@evil.com:8080/x']],
    ['other entries normalised', 'x.bad.example and cdn.tracker.io', ['x.bad.example', 'cdn.tracker.io']],
    ['in parentheses', '(see https://evil.com/a_(b))', ['https://evil.com/a_(b)']],
    ['not a lookalike', 'https://notevil.com and evil.com.au', []],
    ['not an e-mail address', 'mail bob@evil.com', []],
    ['not in a word', 'the evil company', []],
  ])('%s', (_name, text, expected) => {
    expect(underlined(text, check({ blockedDomains }, text).findings, 'blocked_domain')).toEqual(expected);
  });

  it('names the domain', () => {
    expect(check({ blockedDomains }, 'https://a.evil.com').findings[0].message).toBe(
      'Links to evil.com are not allowed',
    );
  });

  it('offsets survive emoji and accents before the link', () => {
    const text = 'Cafe\u0301 🎉 𝒜 https://evil.com';
    expect(underlined(text, check({ blockedDomains }, text).findings)).toEqual(['https://evil.com']);
  });
});

describe('content link', () => {
  const contentUrl = 'https://Example.com/blog/post?id=7';
  const trackedUrl = 'https://adv.example/r/abc123';

  it.each([
    ['exact', 'Read https://example.com/blog/post?id=7', false],
    ['host case and trailing slash', 'Read https://EXAMPLE.com/blog/post/?id=7', false],
    ['utm parameters', 'Read https://example.com/blog/post?utm_source=li&id=7&utm_medium=social', false],
    ['without scheme', 'Read example.com/blog/post?id=7.', false],
    ['tracked link instead', `Read ${trackedUrl}`, false],
    ['tracked link with trailing slash', `Read ${trackedUrl}/`, false],
    ['different path', 'Read https://example.com/blog/other?id=7', true],
    ['different query', 'Read https://example.com/blog/post?id=8', true],
    ['path case matters', 'Read https://example.com/Blog/post?id=7', true],
    ['missing', 'Read it!', true],
  ])('%s', (_name, text, missing) => {
    const { findings } = check({ requireContentLink: true }, text, { contentUrl, trackedUrl });
    expect(findings).toEqual(
      missing
        ? [
            {
              rule: 'content_link',
              severity: 'warning',
              message: `Text must contain the content's link (${trackedUrl})`,
              start: text.length,
              end: text.length,
            },
          ]
        : [],
    );
  });

  it.each([
    ['rule off', { requireContentLink: false }, { contentUrl }],
    ['no content URL given', { requireContentLink: true }, {}],
  ])('does not apply when %s', (_name, r, extra) => {
    expect(check(r, 'no link', extra).findings).toEqual([]);
  });
});

describe('severity and verdict', () => {
  const all: GuidelineRulesInput = {
    blockedTerms: ['secret'],
    requiredDisclosure: { linkedin: '#ad' },
    requireContentLink: true,
  };

  it.each([
    ['nothing found', 'safe', {}, 'hello'],
    ['only warnings', 'warning', all, 'hello'],
    ['a blocked finding wins', 'blocked', all, 'secret'],
    ['severity overridden down', 'warning', { ...all, severity: { blockedTerm: 'warning' } }, 'secret'],
    ['severity overridden up', 'blocked', { ...all, severity: { disclosure: 'blocked' } }, 'hello'],
  ] as const)('%s → %s', (_name, verdict, r, text) => {
    expect(check(r, text, { contentUrl: 'https://example.com' }).verdict).toBe(verdict);
  });

  it('sorts findings by start, then rule', () => {
    const text = 'secret https://evil.com secret';
    const { findings } = check(
      {
        ...all,
        blockedDomains: ['evil.com'],
        confidentialPatterns: [{ name: 'secrets', pattern: 'secret' }],
        maxLength: { linkedin: 5 },
      },
      text,
      { contentUrl: 'https://example.com' },
    );
    expect(findings.map((f) => [f.rule, f.start, f.severity])).toEqual([
      ['blocked_term', 0, 'blocked'],
      ['confidential', 0, 'blocked'],
      ['max_length', 5, 'blocked'],
      ['blocked_domain', 7, 'blocked'],
      ['blocked_term', 24, 'blocked'],
      ['confidential', 24, 'blocked'],
      ['content_link', 30, 'warning'],
      ['disclosure', 30, 'warning'],
    ]);
  });
});

describe('parseGuidelineRules', () => {
  it('applies the schema defaults', () => {
    expect(parseGuidelineRules({})).toMatchObject({
      blockedTerms: [],
      requireContentLink: false,
      severity: { blockedTerm: 'blocked', disclosure: 'warning', contentLink: 'warning' },
    });
  });

  it.each([
    ['unterminated group', '(abc'],
    ['nothing to repeat', '*abc'],
    ['invalid in unicode mode, asked for u', '\\-'],
    ['a backreference', '(a)\\1'],
    ['a named backreference', '(?<n>a)\\k<n>'],
    ['a lookahead', 'secret(?!ary)'],
    ['a negative lookbehind', '(?<!top )secret'],
  ])('rejects an invalid or backtracking-only regex (%s) naming its path', (_name, pattern) => {
    const input = {
      confidentialPatterns: [
        { name: 'ok', pattern: 'fine' },
        { name: 'broken', pattern, flags: pattern === '\\-' ? 'u' : 'i' },
      ],
    };
    expect(() => parseGuidelineRules(input)).toThrow(expect.objectContaining({ name: 'ZodError' }));
    try {
      parseGuidelineRules(input);
    } catch (error) {
      const issues = (error as { issues: Array<{ path: unknown[]; message: string }> }).issues;
      expect(issues.map((i) => i.path.join('.'))).toEqual(['confidentialPatterns.1.pattern']);
      expect(issues[0].message).toMatch(/^The confidential pattern 'broken' is not supported: /);
      expect(issues[0].message).not.toContain(pattern);
    }
  });

  it.each([
    ['an escaped backslash before a digit', '\\\\1'],
    ['a named group', '(?<year>\\d{4})'],
    ['a class with a lookahead-like text', '[(?=]'],
  ])('accepts %s', (_name, pattern) => {
    expect(
      parseGuidelineRules({ confidentialPatterns: [{ name: 'ok', pattern }] }).confidentialPatterns,
    ).toHaveLength(1);
  });

  it('still reports plain schema errors', () => {
    expect(() => parseGuidelineRules({ blockedTerms: [''] })).toThrow(/blockedTerms/);
  });
});

describe('performance', () => {
  it('checks a 63,206-character text with many rules quickly', () => {
    const chunk = 'Café 🎉 insider   information example.com/x https://a.evil.com ';
    const text = chunk.repeat(Math.ceil(63206 / chunk.length)).slice(0, 63206);
    const r = rules({
      blockedTerms: Array.from({ length: 998 }, (_, i) => `term${i}`).concat(['cafe', 'insider information']),
      confidentialPatterns: [{ name: 'code', pattern: 'falcon\\d+' }],
      blockedDomains: Array.from({ length: 999 }, (_, i) => `d${i}.com`).concat(['evil.com']),
      requireContentLink: true,
      requiredDisclosure: { facebook: '#ad' },
    });
    const started = performance.now();
    const result = checkText(r, { network: 'facebook', text, contentUrl: 'https://example.com/x' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.verdict).toBe('blocked');
  });

  it.each([
    ['dotted run', 'a.'.repeat(31603)],
    ['hyphenated run', 'a-'.repeat(31603)],
    ['one long word', 'a'.repeat(63206)],
    ['whitespace run', ' '.repeat(63206)],
    ['marks run', 'e' + '\u0301'.repeat(63205)],
    ['repeated near-matches', 'insider '.repeat(7900)],
  ])('stays fast on a pathological text: %s', (_name, text) => {
    const r = rules({
      blockedTerms: ['insider information', 'a a', 'e'],
      blockedDomains: ['evil.com'],
      requireContentLink: true,
      requiredDisclosure: { facebook: '#ad' },
    });
    const started = performance.now();
    checkText(r, { network: 'facebook', text, contentUrl: 'https://example.com/x' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
