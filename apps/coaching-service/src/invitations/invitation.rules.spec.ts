import {
  activeInWeek4,
  CreditDecision,
  funnelOf,
  inviteCredit,
  InvitationState,
  InviteRefusal,
  inviteRefusal,
  newInviteCode,
  week4Of,
} from './invitation.rules';
import { InviteCode } from '@advocacy/contracts';

const invitedAt = new Date('2026-03-02T09:00:00Z');
const later = (hours: number) => new Date(invitedAt.getTime() + hours * 3600 * 1000);

describe('inviteRefusal', () => {
  const request = { inviterId: 'alice', inviteeId: 'bob', inviteeLastShareAt: null, existingInviterId: null };
  it.each<[string, Partial<Parameters<typeof inviteRefusal>[0]>, InviteRefusal | null]>([
    ['a colleague who never shared', {}, null],
    ['oneself', { inviteeId: 'alice' }, 'self_invite'],
    ['a colleague invited already (by someone else)', { existingInviterId: 'carol' }, 'already_invited'],
    ['a colleague invited already (by me)', { existingInviterId: 'alice' }, 'already_invited'],
    ['a colleague who shares already', { inviteeLastShareAt: later(-24) }, 'invitee_already_active'],
  ])('%s → %s', (_name, over, expected) => {
    expect(inviteRefusal({ ...request, ...over })).toBe(expected);
  });
});

describe('inviteCredit', () => {
  const state = (over: Partial<InvitationState>): InvitationState => ({
    inviterId: 'alice',
    inviteeId: 'bob',
    invitedAt,
    acceptedAt: later(1),
    firstShareAt: later(2),
    creditIssued: false,
    ...over,
  });
  it.each<[string, Partial<InvitationState>, CreditDecision]>([
    ['accepted, then the first share', {}, { credit: true }],
    ['first share before accepting, then accepted', { acceptedAt: later(5) }, { credit: true }],
    ['first share at the very moment of the invitation', { firstShareAt: invitedAt }, { credit: true }],
    [
      'credited already (a replay, a second share)',
      { creditIssued: true },
      { credit: false, reason: 'already_credited' },
    ],
    ['not accepted yet', { acceptedAt: null }, { credit: false, reason: 'not_accepted' }],
    ['accepted, no share yet', { firstShareAt: null }, { credit: false, reason: 'no_first_share' }],
    [
      'active before the invitation (a late share)',
      { firstShareAt: later(-1) },
      { credit: false, reason: 'shared_before_invite' },
    ],
    ['oneself', { inviteeId: 'alice' }, { credit: false, reason: 'self_invite' }],
  ])('%s', (_name, over, expected) => {
    expect(inviteCredit(state(over))).toEqual(expected);
  });
});

describe('activeInWeek4', () => {
  const accepted = new Date('2026-03-02T23:30:00Z');
  it('week 4 is UTC days 21 to 27 after the day of acceptance', () => {
    expect(week4Of(accepted)).toEqual({
      start: new Date('2026-03-23T00:00:00Z'),
      end: new Date('2026-03-30T00:00:00Z'),
    });
  });
  it.each<[string, Date | null, number, string, boolean | null]>([
    ['not accepted', null, 0, '2026-05-01T00:00:00Z', null],
    ['shared in week 4', accepted, 1, '2026-03-24T00:00:00Z', true],
    ['week 4 not over yet', accepted, 0, '2026-03-29T23:59:59Z', null],
    ['week 4 over without a share', accepted, 0, '2026-03-30T00:00:00Z', false],
  ])('%s', (_name, acceptedAt, shares, now, expected) => {
    expect(activeInWeek4(acceptedAt, shares, new Date(now))).toBe(expected);
  });
});

describe('funnelOf', () => {
  it('counts each stage through the ones before', () => {
    const at = '2026-03-02T09:00:00Z';
    expect(
      funnelOf([
        { acceptedAt: null, firstShareAt: null, activeInWeek4: null },
        // a share without accepting does not count as a first share of the funnel
        { acceptedAt: null, firstShareAt: at, activeInWeek4: null },
        { acceptedAt: at, firstShareAt: null, activeInWeek4: false },
        { acceptedAt: at, firstShareAt: at, activeInWeek4: null },
        { acceptedAt: at, firstShareAt: at, activeInWeek4: true },
      ]),
    ).toEqual({ invited: 5, accepted: 3, firstShare: 2, activeInWeek4: 1 });
  });
});

describe('newInviteCode', () => {
  it('is 32 URL-safe characters and never repeats', () => {
    const codes = Array.from({ length: 2000 }, newInviteCode);
    expect(codes.every((code) => InviteCode.safeParse(code).success)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
