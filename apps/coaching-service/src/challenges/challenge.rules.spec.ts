import { Activity, ChallengeRule, closeStep, completes, contribution, winnersOf } from './challenge.rules';

const week: ChallengeRule = {
  id: 'c1',
  metric: 'shares',
  target: 3,
  // A DST week in Amsterdam (23–29 March 2026), in UTC: Monday 00:00 CET to Monday 00:00 CEST.
  startsAt: new Date('2026-03-22T23:00:00Z'),
  endsAt: new Date('2026-03-29T22:00:00Z'),
  audience: { kind: 'everyone' },
  campaignId: null,
};
const share = (overrides: Partial<Activity> = {}): Activity => ({
  employeeId: 'amy',
  metric: 'shares',
  amount: 1,
  occurredAt: new Date('2026-03-25T09:00:00Z'),
  teamId: 'sales',
  role: 'Sharer',
  campaignId: 'launch',
  ...overrides,
});

describe('contribution', () => {
  it.each<[string, ChallengeRule, Activity, number]>([
    ['a share in the week', week, share(), 1],
    ['first second of the week', week, share({ occurredAt: new Date('2026-03-22T23:00:00Z') }), 1],
    ['last second of the short DST week', week, share({ occurredAt: new Date('2026-03-29T21:59:59Z') }), 1],
    ['Monday 00:00 CEST is the next week', week, share({ occurredAt: new Date('2026-03-29T22:00:00Z') }), 0],
    ['before the start', week, share({ occurredAt: new Date('2026-03-22T22:59:59Z') }), 0],
    ['another metric', week, share({ metric: 'points', amount: 10 }), 0],
    ['points count their amount', { ...week, metric: 'points' }, share({ metric: 'points', amount: 15 }), 15],
    ['a reversal counts down', { ...week, metric: 'points' }, share({ metric: 'points', amount: -15 }), -15],
    ['team audience, same team', { ...week, audience: { kind: 'team', teamId: 'sales' } }, share(), 1],
    ['team audience, other team', { ...week, audience: { kind: 'team', teamId: 'ops' } }, share(), 0],
    ['role audience, any case', { ...week, audience: { kind: 'role', role: 'sharer' } }, share(), 1],
    [
      'role audience, no role known',
      { ...week, audience: { kind: 'role', role: 'Expert' } },
      share({ role: null }),
      0,
    ],
    ['campaign challenge, same campaign', { ...week, campaignId: 'launch' }, share(), 1],
    ['campaign challenge, no campaign', { ...week, campaignId: 'launch' }, share({ campaignId: null }), 0],
  ])('%s → %i', (_name, challenge, activity, expected) => {
    expect(contribution(challenge, activity)).toBe(expected);
  });
});

describe('completes', () => {
  it.each([
    [2, 3, 3, true],
    [0, 10, 3, true],
    [3, 4, 3, false],
    [1, 2, 3, false],
    [3, 2, 3, false],
  ])('%i → %i with target %i: %s', (before, after, target, expected) => {
    expect(completes(before, after, target)).toBe(expected);
  });
});

describe('winnersOf: those who reached the target, in the boards tie order', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 25, 9, minute));
  const c = (employeeId: string, progress: number, minute: number) => ({
    employeeId,
    progress,
    reachedAt: at(minute),
  });
  it.each<[string, ReturnType<typeof c>[], number, number, string[]]>([
    ['more progress first', [c('amy', 3, 1), c('bob', 5, 9)], 3, 3, ['bob', 'amy']],
    ['equal progress: who reached it first', [c('amy', 4, 7), c('bob', 4, 2)], 3, 3, ['bob', 'amy']],
    ['equal progress and instant: employee id', [c('cid', 4, 2), c('bob', 4, 2)], 3, 3, ['bob', 'cid']],
    ['below the target never wins', [c('amy', 2, 1), c('bob', 3, 5)], 3, 3, ['bob']],
    ['at most the winner count', [c('a', 9, 1), c('b', 8, 1), c('c', 7, 1), c('d', 6, 1)], 3, 2, ['a', 'b']],
    ['nobody reached it', [c('amy', 1, 1)], 3, 3, []],
  ])('%s', (_name, contenders, target, count, expected) => {
    const winners = winnersOf(contenders, target, count);
    expect(winners.map((winner) => winner.employeeId)).toEqual(expected);
    expect(winners.map((winner) => winner.rank)).toEqual(expected.map((_id, index) => index + 1));
  });
});

describe('closeStep: a challenge closes once, at its end', () => {
  const endsAt = new Date('2026-03-29T22:00:00Z');
  it.each<[string, string, string | null, string]>([
    ['before the end', '2026-03-29T21:59:59.999Z', null, 'running'],
    ['at the end (exclusive)', '2026-03-29T22:00:00Z', null, 'close'],
    ['long after the end (caught up after downtime)', '2026-04-20T08:00:00Z', null, 'close'],
    ['already closed', '2026-03-29T22:01:00Z', '2026-03-29T22:00:30Z', 'closed'],
  ])('%s', (_name, now, closedAt, expected) => {
    expect(closeStep(endsAt, new Date(now), closedAt ? new Date(closedAt) : null)).toBe(expected);
  });
});
