import { randomUUID } from 'node:crypto';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  newTenant,
  pointsEvent,
  profileEvent,
  publishEvents,
  shareEvent,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { ChallengeCloseService } from '../../apps/coaching-service/src/challenges/challenge-close.service';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';

const HOUR = 3600 * 1000;

interface Collected {
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
}

const profile = (tenantId: string, employeeId: string, teamId: string) =>
  profileEvent(tenantId, employeeId, { teamId });
const share = (tenantId: string, employeeId: string, occurredAt: Date) =>
  shareEvent(tenantId, employeeId, occurredAt, { campaignId: 'spring' });
const points = (tenantId: string, employeeId: string, teamId: string, amount: number) =>
  pointsEvent(tenantId, employeeId, amount, new Date(), { teamId });

/**
 * Campaign goals close with their winners, and spread analytics, over the real broker and Postgres:
 * coaching (challenges, HEROs, spread), the leaderboard (winners' badges) and share-tracking (the
 * baseline it publishes).
 */
describe('programme: campaign goals close with winners; spread against the baseline', () => {
  const setUp = useTestSetUp({ COACHING_JOBS_INTERVAL_MS: '0', PERIOD_CLOSE_INTERVAL_MS: '0' });
  const clock = new ManualClock(new Date());
  let coaching: Awaited<ReturnType<typeof setUp.start>>;
  let tracking: Awaited<ReturnType<typeof setUp.start>>;
  let leaderboard: Awaited<ReturnType<typeof setUp.start>>;
  let coachingTopic: Awaited<ReturnType<typeof setUp.collect>>;

  beforeAll(async () => {
    coaching = await setUp.start(createCoaching, { clock });
    tracking = await setUp.start(createShareTracking);
    leaderboard = await setUp.start(createLeaderboard);
    coachingTopic = await setUp.collect('coaching.v1');
  });

  const of = (tenant: string, type: string): Collected[] =>
    coachingTopic.messages
      .map((message) => message.json as Collected | null)
      .filter((json): json is Collected => json?.tenantId === tenant && json.type === type);
  const admin = (tenant: string) => setUp.infra.token({ tenant, sub: 'root', roles: ['admin'] });

  it('a campaign challenge closes at its end, once, with its winners in the boards tie order', async () => {
    const tenant = newTenant('close');
    const coach = api(coaching.url, admin(tenant));
    const startsAt = new Date(clock.now().getTime() - HOUR);
    const endsAt = new Date(clock.now().getTime() + HOUR);
    const body = {
      title: 'Spring campaign: 2 shares',
      goal: { metric: 'shares', target: 2 },
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      campaignId: 'spring',
      prize: 'A day off',
      winnerCount: 2,
    };
    const bad = await coach.post('/api/v1/challenges', { ...body, winnerCount: 0 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('winnerCount');
    const created = await coach.post('/api/v1/challenges', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ winnerCount: 2, closedAt: null });
    const id = created.body.id as string;

    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    await publishEvents(setUp.infra.kafka, setUp.infra.prefix, [
      ...['amy', 'bob', 'cid', 'dan'].map((who) => profile(tenant, who, 'sales')),
      // amy and bob reach 2; bob got there first (event time), so bob ranks above amy.
      share(tenant, 'amy', at(1)),
      share(tenant, 'amy', at(30)),
      share(tenant, 'bob', at(2)),
      share(tenant, 'bob', at(10)),
      share(tenant, 'cid', at(40)),
      share(tenant, 'cid', at(41)),
      share(tenant, 'cid', at(42)),
      share(tenant, 'dan', at(5)),
    ]);
    await waitFor(async () => {
      const standings = (await coach.get(`/api/v1/challenges/${id}/progress`)).body.standings as unknown[];
      return standings.length === 4;
    });
    const closer = coaching.app.get(ChallengeCloseService);
    expect(await closer.closeDue()).not.toContain(id);
    expect((await coach.get(`/api/v1/challenges/${id}/winners`)).body).toMatchObject({
      closedAt: null,
      winners: [],
    });

    clock.set(endsAt);
    // Two closers at once (as two replicas would): one close, one event.
    const runs = await Promise.all([closer.closeDue(), closer.closeDue(), closer.closeDue()]);
    expect(runs.flat().filter((closed) => closed === id)).toHaveLength(1);
    const closed = await waitFor(() => of(tenant, 'challenge.closed')[0]);
    expect(closed.payload).toMatchObject({
      challengeId: id,
      campaignId: 'spring',
      prize: 'A day off',
      winners: [
        { rank: 1, employeeId: 'cid', progress: 3, reachedAt: at(42).toISOString() },
        { rank: 2, employeeId: 'bob', progress: 2, reachedAt: at(10).toISOString() },
      ],
    });
    const winners = await coach.get(`/api/v1/challenges/${id}/winners`);
    expect(winners.status).toBe(200);
    expect(winners.body).toMatchObject({
      challengeId: id,
      closedAt: endsAt.toISOString(),
      winners: [
        { rank: 1, employeeId: 'cid', displayName: 'Advocate cid' },
        { rank: 2, employeeId: 'bob', displayName: 'Advocate bob' },
      ],
    });
    expect((await coach.get(`/api/v1/challenges/${id}`)).body.closedAt).toBe(endsAt.toISOString());
    // The leaderboard, where every badge lives, awards the winners' badges from the event.
    const badges = api(leaderboard.url, admin(tenant));
    const winnerBadge = (who: string) =>
      waitFor(async () =>
        ((await badges.get(`/api/v1/badges/${who}`)).body.badges as { badgeId: string }[]).find(
          (badge) => badge.badgeId === `challenge-${id}-winner`,
        ),
      );
    expect(await winnerBadge('cid')).toMatchObject({
      level: 'gold',
      reason: '#1 with 3 shares (prize: A day off)',
    });
    expect(await winnerBadge('bob')).toMatchObject({
      level: 'silver',
      reason: '#2 with 2 shares (prize: A day off)',
    });
    const amy = (await badges.get('/api/v1/badges/amy')).body.badges as { badgeId: string }[];
    expect(amy.map((badge) => badge.badgeId)).not.toContain(`challenge-${id}-winner`);

    clock.advance(HOUR);
    expect(await closer.closeDue()).not.toContain(id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(of(tenant, 'challenge.closed')).toHaveLength(1);
    expect((await coach.get(`/api/v1/challenges/${randomUUID()}/winners`)).status).toBe(404);
    clock.set(new Date());
  });

  it('the spread shows a HERO team against another team, against the baseline, as JSON and CSV', async () => {
    const tenant = newTenant('spread');
    const token = admin(tenant);
    const coach = api(coaching.url, token);
    const baseline = await api(tracking.url, token).post('/api/v1/baseline', {
      source: 'manual',
      figures: { participationRate: 0.25 },
    });
    expect(baseline.status).toBe(201);
    await publishEvents(setUp.infra.kafka, setUp.infra.prefix, [
      profile(tenant, 'hera', 'sales'),
      profile(tenant, 'sam', 'sales'),
      profile(tenant, 'otto', 'ops'),
      profile(tenant, 'olga', 'ops'),
      points(tenant, 'hera', 'sales', 10),
      points(tenant, 'sam', 'sales', 5),
      points(tenant, 'otto', 'ops', 5),
    ]);
    await waitFor(async () => {
      const view = (await coach.get('/api/v1/programme/spread?weeks=2')).body;
      return view.baseline !== null && view.teams?.length === 2 && view.otherTeams[1].active === 3;
    });
    expect((await coach.post('/api/v1/heroes', { employeeId: 'hera' })).status).toBe(201);

    const spread = await coach.get('/api/v1/programme/spread?weeks=2');
    expect(spread.status).toBe(200);
    const week = spread.body.weeks[1] as string;
    expect(spread.body).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      baseline: { baselineId: baseline.body.baselineId, participationRate: 0.25 },
      teams: [
        { teamId: 'ops', heroTeam: false },
        { teamId: 'sales', heroTeam: true },
      ],
    });
    expect(spread.body.teams[1].weeks[1]).toEqual({
      week,
      members: 2,
      active: 2,
      participation: 1,
      vsBaseline: 0.75,
    });
    expect(spread.body.heroTeams[1]).toMatchObject({ participation: 1, vsBaseline: 0.75 });
    expect(spread.body.otherTeams[1]).toMatchObject({
      members: 2,
      active: 1,
      participation: 0.5,
      vsBaseline: 0.25,
    });

    const csv = await coach.get('/api/v1/programme/spread?weeks=2&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('week,team,heroTeam,members,active,participation,baseline,vsBaseline');
    expect(lines).toContain(`${week},sales,true,2,2,1,0.25,0.75`);
    expect(lines).toContain(`${week},ops,false,2,1,0.5,0.25,0.25`);
    expect(lines).toContain(`${week},(HERO teams),true,2,2,1,0.25,0.75`);

    const bad = await coach.get('/api/v1/programme/spread?weeks=0');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('weeks');
    const badFormat = await coach.get('/api/v1/programme/spread?format=xml');
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body.error)).toContain('format');
    const employee = api(coaching.url, setUp.infra.token({ tenant, sub: 'sam', roles: ['employee'] }));
    expect((await employee.get('/api/v1/programme/spread')).status).toBe(403);
  });
});
