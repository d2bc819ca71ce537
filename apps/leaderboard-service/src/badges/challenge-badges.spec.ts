import { AnyEnvelope, createEnvelope } from '@advocacy/contracts';
import { awardsOf } from './challenge-badges';

const closed = (winners: { rank: number; employeeId: string; progress: number }[]) =>
  createEnvelope({
    type: 'challenge.closed',
    tenantId: 't1',
    subject: 'c1',
    payload: {
      challengeId: '6a1f5b2e-6c1e-4f7a-9a51-1d2a3b4c5d6e',
      title: 'Spring campaign',
      campaignId: 'spring',
      metric: 'shares',
      target: 2,
      prize: 'A day off',
      startsAt: '2026-03-23T00:00:00.000Z',
      endsAt: '2026-03-30T00:00:00.000Z',
      winners: winners.map((winner) => ({ ...winner, reachedAt: '2026-03-25T09:00:00.000Z' })),
    },
  }) as AnyEnvelope;

describe('awardsOf: the winners of a closed challenge', () => {
  it.each<[number, 'gold' | 'silver' | 'bronze' | null]>([
    [1, 'gold'],
    [2, 'silver'],
    [3, 'bronze'],
    [4, null],
  ])('rank %i → level %s, the rank and prize in the reason', (rank, level) => {
    const [award] = awardsOf(closed([{ rank, employeeId: 'amy', progress: 5 }]));
    expect(award).toEqual({
      employeeId: 'amy',
      award: {
        badgeId: 'challenge-6a1f5b2e-6c1e-4f7a-9a51-1d2a3b4c5d6e-winner',
        level,
        name: 'Winner: Spring campaign',
        reason: `#${rank} with 5 shares (prize: A day off)`,
        period: '',
      },
    });
  });

  it('a close without winners awards nothing', () => {
    expect(awardsOf(closed([]))).toEqual([]);
  });
});
