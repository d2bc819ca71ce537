import {
  api,
  newTenant,
  pointsEvent,
  profileEvent,
  publishEvents,
  StartedService,
  startService,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';

const profile = (tenantId: string, employeeId: string, teamId: string) =>
  profileEvent(tenantId, employeeId, { displayName: employeeId, teamId });
const points = (tenantId: string, employeeId: string, teamId: string, amount: number) =>
  pointsEvent(tenantId, employeeId, amount, new Date(), { teamId });

describe('fair team boards over the real broker', () => {
  let infra: TestInfra;
  let leaderboard: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0' });
    leaderboard = await startService(createLeaderboard, infra.env);
  });

  afterAll(async () => {
    await leaderboard?.close();
    await infra?.teardown();
  });

  it('a 3-person team beats a 30-person team on the average and participation boards, not on the sum', async () => {
    const tenant = newTenant('teams');
    const big = Array.from({ length: 30 }, (_, index) => `big-${index}`);
    const small = ['s-1', 's-2', 's-3'];
    await publishEvents(infra.kafka, infra.prefix, [
      ...big.map((id) => profile(tenant, id, 'big')),
      ...small.map((id) => profile(tenant, id, 'small')),
    ]);
    // 20 of the 30 share (10 points each: 200); all 3 of the small team share (30 each: 90).
    await publishEvents(infra.kafka, infra.prefix, [
      ...big.slice(0, 20).map((id) => points(tenant, id, 'big', 10)),
      ...small.map((id) => points(tenant, id, 'small', 30)),
    ]);
    const reader = api(
      leaderboard.url,
      infra.token({ tenant, sub: 's-1', roles: ['employee'], team: 'small' }),
    );
    const board = (metric: string) => reader.get(`/api/v1/leaderboards/teams?period=week&metric=${metric}`);
    await waitFor(async () => {
      const body = (await board('participation')).body;
      // Profiles (advocate.v1) and points (points.v1) arrive independently: wait for all 33 members.
      return body.entries?.length === 2 &&
        body.entries.every(
          (row: { teamId: string; members: number }) => row.members === (row.teamId === 'big' ? 30 : 3),
        )
        ? body
        : undefined;
    });
    await waitFor(async () => (await board('sum')).body.entries?.[0]?.points === 200);

    const rows = async (metric: string) =>
      (await board(metric)).body.entries.map((row: Record<string, unknown>) => [
        row.teamId,
        row.value,
        row.active,
        row.members,
      ]);
    expect(await rows('sum')).toEqual([
      ['big', 200, 20, 30],
      ['small', 90, 3, 3],
    ]);
    expect(await rows('average')).toEqual([
      ['small', 30, 3, 3],
      ['big', 10, 20, 30],
    ]);
    expect(await rows('participation')).toEqual([
      ['small', 1, 3, 3],
      ['big', 0.6667, 20, 30],
    ]);
    expect((await board('average')).body).toMatchObject({ metric: 'average', total: 2 });

    // The metric names a field the request got wrong.
    const wrong = await reader.get('/api/v1/leaderboards/teams?metric=median');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.error)).toContain('metric');
    expect((await reader.get('/api/v1/leaderboards/global?metric=average')).status).toBe(422);
  });
});
