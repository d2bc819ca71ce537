import { DEFAULT_EMV_SETTINGS } from './emv.rules';
import { compareWithBaseline, Facts, participationOf, summarize } from './analytics.rules';

const alice = { employeeId: 'alice', teamId: 'sales', contentId: 'c1', campaignId: 'spring' };
const bob = { employeeId: 'bob', teamId: null, contentId: 'c2', campaignId: null };

const facts: Facts = {
  shares: [
    {
      ...alice,
      shareId: 's1',
      network: 'linkedin',
      day: '2026-03-10',
      followers: 1000,
      hasImpressions: true,
    },
    { ...alice, shareId: 's2', network: 'x', day: '2026-03-11', followers: 200, hasImpressions: false },
    { ...bob, shareId: 's3', network: 'linkedin', day: '2026-03-11', followers: 500, hasImpressions: false },
  ],
  clicks: [
    {
      ...alice,
      shareId: 's1',
      network: 'linkedin',
      day: '2026-03-10',
      humanClicks: 5,
      uniqueClicks: 3,
      botClicks: 2,
    },
    {
      ...bob,
      shareId: 's3',
      network: 'linkedin',
      day: '2026-03-11',
      humanClicks: 1,
      uniqueClicks: 1,
      botClicks: 0,
    },
  ],
  engagements: [
    { ...alice, shareId: 's1', network: 'linkedin', day: '2026-03-10', kind: 'impression', count: 3000 },
    { ...alice, shareId: 's1', network: 'linkedin', day: '2026-03-10', kind: 'like', count: 10 },
    { ...bob, shareId: 's3', network: 'linkedin', day: '2026-03-11', kind: 'comment', count: 2 },
  ],
};

describe('summarize', () => {
  it('adds up the totals and prices them', () => {
    const { totals, groups } = summarize(facts, DEFAULT_EMV_SETTINGS);
    expect(groups).toEqual([]);
    expect(totals).toMatchObject({
      shares: 3,
      clicks: 6,
      uniqueClicks: 4,
      botClicks: 2,
      engagements: { like: 10, comment: 2, reshare: 0, impression: 3000 },
      reactions: 12,
      // 3000 observed (s1) + 200 (s2) + 500 (s3) estimated from followers
      impressions: 3700,
      estimatedImpressions: 700,
      potentialReach: 1700,
      // linkedin: 30 × 3500 / 1000 + 2.5 × (4 + 0.1 × 12) = 105 + 13 = 118; x: 8 × 200 / 1000 = 1.6
      emv: 119.6,
    });
  });

  it.each([
    ['employee', ['alice', 'bob'], [2, 1]],
    ['team', ['(none)', 'sales'], [1, 2]],
    ['content', ['c1', 'c2'], [2, 1]],
    ['campaign', ['(none)', 'spring'], [1, 2]],
    ['network', ['linkedin', 'x'], [2, 1]],
    ['day', ['2026-03-10', '2026-03-11'], [1, 2]],
  ] as const)('groups by %s', (groupBy, keys, shares) => {
    const { groups } = summarize(facts, DEFAULT_EMV_SETTINGS, groupBy);
    expect(groups.map((group) => group.key)).toEqual(keys);
    expect(groups.map((group) => group.shares)).toEqual(shares);
  });

  it('prices each group with its own networks', () => {
    const { groups } = summarize(facts, DEFAULT_EMV_SETTINGS, 'employee');
    // alice: linkedin 30 × 3000 / 1000 + 2.5 × (3 + 1) = 100; x: 1.6
    // bob: linkedin 30 × 500 / 1000 + 2.5 × (1 + 0.2) = 18
    expect(groups.map((group) => group.emv)).toEqual([101.6, 18]);
  });
});

describe('participationOf', () => {
  it.each([
    [3, { employeesWithShares: 2, employeesWithProfile: 3, rate: 0.6667 }],
    [0, { employeesWithShares: 2, employeesWithProfile: 0, rate: null }],
  ])('with %i profiles', (profiles, expected) => {
    expect(participationOf(facts.shares, profiles)).toEqual(expected);
  });
});

describe('compareWithBaseline', () => {
  it.each([
    [
      { clicks: 10 },
      { clicks: 15 },
      { clicks: { baseline: 10, current: 15, difference: 5, percentChange: 50 } },
    ],
    [
      { clicks: 8 },
      { clicks: 2 },
      { clicks: { baseline: 8, current: 2, difference: -6, percentChange: -75 } },
    ],
    [
      { shares: 0 },
      { shares: 4 },
      { shares: { baseline: 0, current: 4, difference: 4, percentChange: null } },
    ],
    [
      { shares: 3, emv: undefined },
      { shares: 3, emv: 7 },
      { shares: { baseline: 3, current: 3, difference: 0, percentChange: 0 } },
    ],
  ])('%j → %j', (baseline, current, expected) => {
    expect(compareWithBaseline(baseline, current)).toEqual(expected);
  });
});
