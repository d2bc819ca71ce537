import { DEFAULT_CALENDAR, TenantCalendar } from '@advocacy/platform';
import { ScoringRules, ScoringRulesInput } from '@advocacy/contracts';
import {
  dailyKey,
  DEACTIVATED_EXPLANATION,
  emptyState,
  entryKey,
  LedgerDraft,
  localDay,
  RuleSet,
  ruleSetAt,
  ScoringFact,
  scoreEvent,
  ScoringState,
} from './points.rules';

const SHARE = '00000000-0000-4000-8000-000000000001';
const SHARE_2 = '00000000-0000-4000-8000-000000000002';
const CLICK = '00000000-0000-4000-8000-0000000000c1';
const CONTENT = '00000000-0000-4000-8000-0000000000f1';

const rulesOf = (input: ScoringRulesInput = {}, version = 0): RuleSet => ({
  version,
  rules: ScoringRules.parse(input),
});

let seq = 0;
const base = (at = '2026-03-10T10:00:00Z') => ({
  tenantId: 'acme',
  employeeId: 'alice',
  teamId: 'sales',
  eventId: `00000000-0000-4000-9000-${String((seq += 1)).padStart(12, '0')}`,
  occurredAt: new Date(at),
});

const share = (over: Partial<Extract<ScoringFact, { kind: 'share' }>> = {}): ScoringFact => ({
  ...base(),
  kind: 'share',
  shareId: SHARE,
  contentId: CONTENT,
  network: 'linkedin',
  contentTitle: 'Q3 results',
  contentPublishedAt: null,
  campaign: null,
  ...over,
});
const click = (over: Partial<Extract<ScoringFact, { kind: 'click' }>> = {}): ScoringFact => ({
  ...base(),
  kind: 'click',
  clickId: CLICK,
  shareId: SHARE,
  network: 'linkedin',
  unique: true,
  human: true,
  campaign: null,
  ...over,
});
const engagement = (over: Partial<Extract<ScoringFact, { kind: 'engagement' }>> = {}): ScoringFact => ({
  ...base(),
  kind: 'engagement',
  shareId: SHARE,
  engagement: 'comment',
  count: 1,
  campaign: null,
  ...over,
});

let ids = 0;
const newId = () => `10000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`;

function scoreAll(
  facts: ScoringFact[],
  set = rulesOf(),
  state: ScoringState = emptyState(),
  calendar: TenantCalendar = DEFAULT_CALENDAR,
): LedgerDraft[] {
  return facts.flatMap((fact) => scoreEvent(fact, set, calendar, state, newId));
}
const brief = (entries: LedgerDraft[]) =>
  entries.map((entry) => ({ points: entry.points, reason: entry.reason, explanation: entry.explanation }));

describe('scoreEvent: each rule with the default rules', () => {
  it.each<[string, ScoringFact, { points: number; reason: string; explanation: string }[]]>([
    [
      'linkedin share',
      share(),
      [{ points: 10, reason: 'share', explanation: "Shared 'Q3 results' on LinkedIn: 10" }],
    ],
    [
      'share without a known title',
      share({ contentTitle: null, network: 'x' }),
      [{ points: 10, reason: 'share', explanation: 'Shared on X: 10' }],
    ],
    [
      'facebook share is 0 by default, with the reason',
      share({ network: 'facebook' }),
      [{ points: 0, reason: 'network_policy', explanation: 'Facebook does not allow rewarding posts: 0' }],
    ],
    [
      'early bird: within 24 hours of publication',
      share({ contentPublishedAt: new Date('2026-03-09T12:00:00Z') }),
      [
        {
          points: 15,
          reason: 'share',
          explanation: "Shared 'Q3 results' on LinkedIn: 10 × 1.5 early bird = 15",
        },
      ],
    ],
    [
      'no early bird after 24 hours',
      share({ contentPublishedAt: new Date('2026-03-09T09:59:59Z') }),
      [{ points: 10, reason: 'share', explanation: "Shared 'Q3 results' on LinkedIn: 10" }],
    ],
    [
      'unique human click',
      click(),
      [{ points: 2, reason: 'click', explanation: 'Unique click on your LinkedIn share: 2' }],
    ],
    ['repeated click scores nothing', click({ unique: false }), []],
    ['bot click scores nothing', click({ human: false }), []],
    [
      'like',
      engagement({ engagement: 'like' }),
      [{ points: 1, reason: 'engagement', explanation: '1 like on your share: 1' }],
    ],
    [
      'three comments',
      engagement({ count: 3 }),
      [{ points: 9, reason: 'engagement', explanation: '3 comments on your share: 3 × 3 = 9' }],
    ],
    [
      'reshare',
      engagement({ engagement: 'reshare' }),
      [{ points: 5, reason: 'engagement', explanation: '1 reshare on your share: 5' }],
    ],
    ['impressions score nothing', engagement({ engagement: 'impression', count: 1000 }), []],
    [
      'proposal approved',
      { ...base(), kind: 'proposal_approved', contentId: CONTENT, contentTitle: 'Our new plant' },
      [
        {
          points: 25,
          reason: 'proposal_approved',
          explanation: "Your proposed content 'Our new plant' was approved: 25",
        },
      ],
    ],
  ])('%s', (_name, fact, expected) => {
    expect(brief(scoreAll([fact]))).toEqual(expected);
  });

  it('records the rule version, the source event and the subject', () => {
    const fact = share();
    const [entry] = scoreAll([fact], rulesOf({}, 7));
    expect(entry).toMatchObject({
      ruleVersion: 7,
      sourceEventId: fact.eventId,
      rule: 'share',
      subjectId: SHARE,
      shareId: SHARE,
      tenantId: 'acme',
      employeeId: 'alice',
      teamId: 'sales',
      reverses: null,
      occurredAt: '2026-03-10T10:00:00.000Z',
    });
  });
});

describe('scoreEvent: multipliers combined', () => {
  const campaign = {
    campaignId: 'spring',
    from: new Date('2026-03-01T00:00:00Z'),
    until: new Date('2026-03-31T00:00:00Z'),
  };
  const set = rulesOf({ campaignMultipliers: { spring: 2 } });
  const early = new Date('2026-03-10T08:00:00Z');

  it.each<[string, ScoringFact, number, string]>([
    [
      'campaign only',
      share({ campaign }),
      20,
      "Shared 'Q3 results' on LinkedIn: 10 × 2 campaign spring = 20",
    ],
    [
      'early bird × campaign',
      share({ campaign, contentPublishedAt: early }),
      30,
      "Shared 'Q3 results' on LinkedIn: 10 × 1.5 early bird × 2 campaign spring = 30",
    ],
    [
      'campaign outside its window does not multiply',
      share({ campaign: { ...campaign, until: new Date('2026-03-05T00:00:00Z') } }),
      10,
      "Shared 'Q3 results' on LinkedIn: 10",
    ],
    [
      'campaign on comments',
      engagement({ count: 2, campaign }),
      12,
      '2 comments on your share: 2 × 3 × 2 campaign spring = 12',
    ],
    [
      'a campaign named like a prototype key does not multiply',
      share({ campaign: { ...campaign, campaignId: 'constructor' } }),
      10,
      "Shared 'Q3 results' on LinkedIn: 10",
    ],
  ])('%s', (_name, fact, points, explanation) => {
    const [entry] = scoreAll([fact], set);
    expect({ points: entry.points, explanation: entry.explanation }).toEqual({ points, explanation });
  });

  it('an admin may switch facebook on', () => {
    const [entry] = scoreAll(
      [share({ network: 'facebook' })],
      rulesOf({ networks: { facebook: { sharePoints: 10 } } }),
    );
    expect(entry).toMatchObject({ points: 10, reason: 'share' });
  });
});

describe('scoreEvent: caps', () => {
  const shares = (count: number, at: string) =>
    Array.from({ length: count }, (_, i) =>
      share({
        ...base(at),
        shareId: `00000000-0000-4000-8000-1${String(i).padStart(11, '0')}`,
        contentId: `00000000-0000-4000-8000-2${String(i).padStart(11, '0')}`,
      }),
    );

  it.each<[string, ScoringRulesInput, ScoringFact[], number[], string]>([
    [
      '20 shares reach the default cap of 200 exactly',
      {},
      shares(21, '2026-03-10T10:00:00Z'),
      [...Array(20).fill(10), 0],
      'daily_cap',
    ],
    [
      'a partial award up to the cap',
      { sharePoints: 30 },
      shares(7, '2026-03-10T10:00:00Z'),
      [30, 30, 30, 30, 30, 30, 20],
      'share',
    ],
    [
      'no cap when dailyCap is null',
      { dailyCap: null, sharePoints: 100 },
      shares(3, '2026-03-10T10:00:00Z'),
      [100, 100, 100],
      'share',
    ],
  ])('%s', (_name, input, facts, points, lastReason) => {
    const entries = scoreAll(facts, rulesOf(input));
    expect(entries.map((entry) => entry.points)).toEqual(points);
    expect(entries[entries.length - 1].reason).toBe(lastReason);
  });

  it('explains the capped entry', () => {
    const entries = scoreAll(shares(21, '2026-03-10T10:00:00Z'));
    expect(entries[20].explanation).toBe('Daily cap of 200 reached: 0');
    const partial = scoreAll(shares(7, '2026-03-10T10:00:00Z'), rulesOf({ sharePoints: 30 }));
    expect(partial[6].explanation).toBe(
      "Shared 'Q3 results' on LinkedIn: 30, capped at the daily cap of 200: 20",
    );
  });

  // Europe/Amsterdam midnight is 23:00 UTC in winter (CET) and 22:00 UTC in summer (CEST).
  it.each<[string, string, string, number]>([
    [
      'winter: 22:59 UTC and 23:00 UTC are different local days',
      '2026-01-15T22:59:00Z',
      '2026-01-15T23:00:00Z',
      10,
    ],
    ['winter: 22:00 and 22:59 UTC are the same local day', '2026-01-15T22:00:00Z', '2026-01-15T22:59:00Z', 0],
    [
      'summer: 21:59 UTC and 22:00 UTC are different local days',
      '2026-07-15T21:59:00Z',
      '2026-07-15T22:00:00Z',
      10,
    ],
    ['summer: 22:00 and 23:30 UTC are the same local day', '2026-07-15T22:00:00Z', '2026-07-15T23:30:00Z', 0],
  ])('%s', (_name, first, second, pointsOfSecond) => {
    const set = rulesOf({ dailyCap: 10, repeatShareWindowHours: 0 });
    const entries = scoreAll(
      [share({ ...base(first), shareId: SHARE }), share({ ...base(second), shareId: SHARE_2 })],
      set,
    );
    expect(entries.map((entry) => entry.points)).toEqual([10, pointsOfSecond]);
  });

  it("uses the tenant's calendar (projected tenant settings)", () => {
    const set = rulesOf({ dailyCap: 10, repeatShareWindowHours: 0 });
    const newYork: TenantCalendar = { timeZone: 'America/New_York', weekStart: 'monday' };
    // 04:59 UTC is still the previous day in New York (UTC-5), 05:00 is the next.
    const entries = scoreAll(
      [
        share({ ...base('2026-01-16T04:59:00Z') }),
        share({ ...base('2026-01-16T05:00:00Z'), shareId: SHARE_2 }),
      ],
      set,
      emptyState(),
      newYork,
    );
    expect(entries.map((entry) => entry.points)).toEqual([10, 10]);
    expect(localDay(new Date('2026-01-16T04:59:00Z'), newYork)).toBe('2026-01-15');
    // The same two shares fall on one day in Amsterdam, where the cap takes the second.
    const amsterdam = scoreAll(
      [
        share({ ...base('2026-01-16T04:59:00Z') }),
        share({ ...base('2026-01-16T05:00:00Z'), shareId: SHARE_2 }),
      ],
      set,
    );
    expect(amsterdam.map((entry) => entry.points)).toEqual([10, 0]);
  });

  it('counts what was awarded earlier that day (state loaded from the ledger)', () => {
    const state = emptyState();
    state.dailyPoints.set(dailyKey('acme', 'alice', '2026-03-10'), 195);
    const entries = scoreAll([share(), engagement()], rulesOf(), state);
    expect(brief(entries)).toEqual([
      {
        points: 5,
        reason: 'share',
        explanation: "Shared 'Q3 results' on LinkedIn: 10, capped at the daily cap of 200: 5",
      },
      { points: 0, reason: 'daily_cap', explanation: 'Daily cap of 200 reached: 0' },
    ]);
  });

  it('caps click points at 50 per share per local day', () => {
    const clicks = Array.from({ length: 27 }, (_, i) =>
      click({ clickId: `00000000-0000-4000-8000-2${String(i).padStart(11, '0')}` }),
    );
    const nextDay = click({
      ...base('2026-03-11T10:00:00Z'),
      clickId: '00000000-0000-4000-8000-300000000000',
    });
    const otherShare = click({ shareId: SHARE_2, clickId: '00000000-0000-4000-8000-300000000001' });
    const entries = scoreAll([...clicks, nextDay, otherShare]);
    expect(entries.slice(0, 25).every((entry) => entry.points === 2)).toBe(true);
    expect(brief(entries.slice(25, 27))).toEqual([
      { points: 0, reason: 'click_cap', explanation: 'Click cap of 50 per share per day reached: 0' },
      { points: 0, reason: 'click_cap', explanation: 'Click cap of 50 per share per day reached: 0' },
    ]);
    expect(entries.slice(27).map((entry) => entry.points)).toEqual([2, 2]);
  });
});

describe('scoreEvent: reversals', () => {
  it.each<[string, (set: RuleSet, state: ScoringState) => ScoringFact[], number[], string[]]>([
    [
      'a withdrawn share is reversed by a negative entry',
      () => [
        share({ contentPublishedAt: new Date('2026-03-10T09:00:00Z') }),
        { ...base(), kind: 'share_withdrawn', shareId: SHARE },
      ],
      [15, -15],
      ['share', 'share_withdrawn'],
    ],
    [
      'a share is reversed only once',
      () => [
        share(),
        { ...base(), kind: 'share_withdrawn', shareId: SHARE },
        { ...base(), kind: 'share_withdrawn', shareId: SHARE },
      ],
      [10, -10],
      ['share', 'share_withdrawn'],
    ],
    [
      'withdrawing an unknown share does nothing',
      () => [{ ...base(), kind: 'share_withdrawn', shareId: SHARE_2 }],
      [],
      [],
    ],
    [
      'a 0-point facebook share needs no reversal',
      () => [share({ network: 'facebook' }), { ...base(), kind: 'share_withdrawn', shareId: SHARE }],
      [0],
      ['network_policy'],
    ],
    [
      'a flagged click is reversed',
      () => [click(), { ...base(), kind: 'click_flagged', clickId: CLICK, reason: 'datacenter IP' }],
      [2, -2],
      ['click', 'click_flagged'],
    ],
  ])('%s', (_name, build, points, reasons) => {
    const set = rulesOf();
    const state = emptyState();
    const entries = scoreAll(build(set, state), set, state);
    expect(entries.map((entry) => entry.points)).toEqual(points);
    expect(entries.map((entry) => entry.reason)).toEqual(reasons);
    if (entries.length === 2) expect(entries[1].reverses).toBe(entries[0].entryId);
  });

  it('reverses an entry loaded from the ledger, for its original employee and team', () => {
    const state = emptyState();
    state.entries.set(entryKey('acme', 'click', CLICK), {
      entryId: '20000000-0000-4000-8000-000000000001',
      employeeId: 'alice',
      teamId: 'marketing',
      campaignId: 'spring',
      points: 4,
      reversed: false,
    });
    const [entry] = scoreAll(
      [{ ...base(), kind: 'click_flagged', clickId: CLICK, reason: 'bot' }],
      rulesOf(),
      state,
    );
    expect(entry).toMatchObject({
      points: -4,
      reverses: '20000000-0000-4000-8000-000000000001',
      teamId: 'marketing',
      campaignId: 'spring',
      rule: 'click.reversal',
      explanation: 'Click flagged as fraudulent (bot): -4',
    });
  });
});

describe('scoreEvent: a deactivated advocate', () => {
  const inactive = { inactive: true };
  it.each<[string, ScoringFact[], number[], string[]]>([
    ['a share is recorded at 0 with the reason', [share(inactive)], [0], ['deactivated']],
    ['a click is recorded at 0 once', [click(inactive), click(inactive)], [0], ['deactivated']],
    ['an engagement is recorded at 0', [engagement(inactive)], [0], ['deactivated']],
    [
      'a share scored while active is still reversed when withdrawn later',
      [share(), { ...base(), ...inactive, kind: 'share_withdrawn', shareId: SHARE }],
      [10, -10],
      ['share', 'share_withdrawn'],
    ],
    [
      'a flagged click scored while active is still reversed',
      [click(), { ...base(), ...inactive, kind: 'click_flagged', clickId: CLICK, reason: 'bot' }],
      [2, -2],
      ['click', 'click_flagged'],
    ],
  ])('%s', (_name, facts, points, reasons) => {
    const entries = scoreAll(facts);
    expect(entries.map((entry) => entry.points)).toEqual(points);
    expect(entries.map((entry) => entry.reason)).toEqual(reasons);
  });

  it('explains the zero and does not count it towards the daily cap', () => {
    const state = emptyState();
    const [entry] = scoreAll([share(inactive)], rulesOf(), state);
    expect(entry.explanation).toBe('Not scored: deactivated in the company directory: 0');
    expect(state.dailyPoints.get(dailyKey('acme', 'alice', '2026-03-10'))).toBeUndefined();
  });
});

describe('ruleSetAt', () => {
  const defaults = rulesOf();
  const v1 = { ...rulesOf({ sharePoints: 20 }, 1), effectiveFrom: new Date('2026-03-10T12:00:00Z') };
  const v2 = { ...rulesOf({ sharePoints: 30 }, 2), effectiveFrom: new Date('2026-03-11T12:00:00Z') };
  it.each([
    ['2026-03-10T11:59:59Z', 0],
    ['2026-03-10T12:00:00Z', 1],
    ['2026-03-11T11:00:00Z', 1],
    ['2026-03-12T00:00:00Z', 2],
  ])('at %s version %i applies', (at, version) => {
    expect(ruleSetAt([v2, v1], new Date(at), defaults).version).toBe(version);
  });
});

describe('scoreEvent: one scoring share per employee, content and network', () => {
  const OTHER_CONTENT = '00000000-0000-4000-8000-0000000000f2';
  const at = (iso: string, over: Partial<Extract<ScoringFact, { kind: 'share' }>> = {}) =>
    share({
      ...base(iso),
      shareId: `00000000-0000-4000-8000-3${String((seq += 1)).padStart(11, '0')}`,
      ...over,
    });
  const withdraw = (shareId: string, iso: string): ScoringFact => ({
    ...base(iso),
    kind: 'share_withdrawn',
    shareId,
  });
  const repeatText =
    "Shared 'Q3 results' on LinkedIn again: you already shared it on LinkedIn on 2026-03-10, and a repeat within 7 days scores 0";

  it.each<[string, (first: ScoringFact & { kind: 'share' }) => ScoringFact[], RuleSet, [number, string][]]>([
    [
      'the same content on the same network the next hour scores 0, with the reason',
      () => [at('2026-03-10T11:00:00Z')],
      rulesOf(),
      [[0, repeatText]],
    ],
    [
      'fourteen repeats score once',
      () => Array.from({ length: 13 }, (_, i) => at(`2026-03-10T1${(i % 9) + 1}:00:00Z`)),
      rulesOf(),
      Array.from({ length: 13 }, (): [number, string] => [0, repeatText]),
    ],
    [
      'the same content on another network scores',
      () => [at('2026-03-10T11:00:00Z', { network: 'x' })],
      rulesOf(),
      [[10, "Shared 'Q3 results' on X: 10"]],
    ],
    [
      'other content on the same network scores',
      () => [at('2026-03-10T11:00:00Z', { contentId: OTHER_CONTENT })],
      rulesOf(),
      [[10, "Shared 'Q3 results' on LinkedIn: 10"]],
    ],
    [
      'after the window it scores again',
      () => [at('2026-03-17T10:00:00Z')],
      rulesOf(),
      [[10, "Shared 'Q3 results' on LinkedIn: 10"]],
    ],
    [
      'a window in hours is explained in hours',
      () => [at('2026-03-10T11:00:00Z')],
      rulesOf({ repeatShareWindowHours: 5 }),
      [
        [
          0,
          "Shared 'Q3 results' on LinkedIn again: you already shared it on LinkedIn on 2026-03-10, and a repeat within 5 hours scores 0",
        ],
      ],
    ],
    [
      'a window of 0 lets every share score',
      () => [at('2026-03-10T11:00:00Z')],
      rulesOf({ repeatShareWindowHours: 0 }),
      [[10, "Shared 'Q3 results' on LinkedIn: 10"]],
    ],
    [
      'a withdrawn share gives its slot back',
      (first) => [withdraw(first.shareId, '2026-03-10T10:30:00Z'), at('2026-03-10T11:00:00Z')],
      rulesOf(),
      [
        [-10, 'Share withdrawn: -10'],
        [10, "Shared 'Q3 results' on LinkedIn: 10"],
      ],
    ],
  ])('%s', (_name, after, set, expected) => {
    const first = at('2026-03-10T10:00:00Z') as ScoringFact & { kind: 'share' };
    const [head, ...rest] = scoreAll([first, ...after(first)], set);
    expect(head.points).toBe(10);
    expect(rest.map((entry) => [entry.points, entry.explanation])).toEqual(expected);
    expect(rest.filter((entry) => entry.points === 0).every((entry) => entry.reason === 'repeat_share')).toBe(
      true,
    );
  });

  it('records which slots changed, for the service to store', () => {
    const state = emptyState();
    const first = at('2026-03-10T10:00:00Z');
    scoreAll([first, at('2026-03-10T11:00:00Z')], rulesOf(), state);
    expect([...state.changedSlots]).toEqual([`acme|alice|${CONTENT}|linkedin`]);
    expect(state.shareSlots.get(`acme|alice|${CONTENT}|linkedin`)).toEqual({
      shareId: (first as { shareId: string }).shareId,
      at: new Date('2026-03-10T10:00:00Z'),
    });
  });
});

describe('scoreEvent: invite credits', () => {
  const credit = (over: Partial<Extract<ScoringFact, { kind: 'invite_credit' }>> = {}): ScoringFact => ({
    ...base(),
    kind: 'invite_credit',
    inviteeId: 'bob',
    inviteeName: 'Bob Baker',
    ...over,
  });
  const explained = (points: number, who = 'Bob Baker') => ({
    points,
    reason: 'invite_credit',
    explanation: `${who}, whom you invited, made their first share: ${points}`,
  });

  it.each<[string, () => ScoringFact[], RuleSet, ReturnType<typeof explained>[]]>([
    ['the default credit, naming the invitee', () => [credit()], rulesOf(), [explained(25)]],
    ['the tenant’s amount', () => [credit()], rulesOf({ inviteCreditPoints: 40 }), [explained(40)]],
    ['0 switches the credit off', () => [credit()], rulesOf({ inviteCreditPoints: 0 }), []],
    [
      'the invitee’s id when coaching knew no name',
      () => [credit({ inviteeName: null })],
      rulesOf(),
      [explained(25, 'bob')],
    ],
    ['once per invitee: a second event adds nothing', () => [credit(), credit()], rulesOf(), [explained(25)]],
    [
      'once per invitee, whoever claims it',
      () => [credit(), credit({ employeeId: 'carol' })],
      rulesOf(),
      [explained(25)],
    ],
    [
      'each invitee credits once',
      () => [credit(), credit({ inviteeId: 'dan', inviteeName: 'Dan' })],
      rulesOf(),
      [explained(25), explained(25, 'Dan')],
    ],
    ['an invitation never credits its sender', () => [credit({ inviteeId: 'alice' })], rulesOf(), []],
    [
      'a deactivated inviter: recorded at 0',
      () => [{ ...credit(), inactive: true }],
      rulesOf(),
      [{ points: 0, reason: 'deactivated', explanation: DEACTIVATED_EXPLANATION }],
    ],
  ])('%s', (_name, facts, set, expected) => {
    expect(brief(scoreAll(facts(), set))).toEqual(expected);
  });

  it('an invitee credited in an earlier batch is not credited again', () => {
    const state = emptyState();
    state.entries.set(entryKey('acme', 'invite', 'bob'), {
      entryId: newId(),
      employeeId: 'alice',
      teamId: 'sales',
      campaignId: null,
      points: 25,
      reversed: false,
    });
    expect(scoreAll([credit()], rulesOf(), state)).toEqual([]);
  });

  it('keeps the invitee as the subject and the credit event as the source', () => {
    const fact = credit();
    expect(scoreAll([fact])[0]).toMatchObject({
      rule: 'invite',
      subjectId: 'bob',
      sourceEventId: fact.eventId,
      employeeId: 'alice',
      shareId: null,
    });
  });
});
