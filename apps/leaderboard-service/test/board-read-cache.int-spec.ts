import { createEnvelope } from '@advocacy/contracts';
import {
  api,
  newTenant,
  pointsEvent,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { BoardService } from '../src/boards/board.service';
import { BoardStore } from '../src/boards/board.store';

interface Board {
  entries: { employeeId: string; displayName: string | null; points: number }[];
}

/**
 * Board reads are answered from the last serialised answer until the tenant's boards change: the
 * `points`/`boards` live message drops it on every replica, long before it would expire (a minute here).
 */
describe('held board answers', () => {
  let infra: TestInfra;
  let service: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0', LEADERBOARD_READ_CACHE_MS: '60000' });
    service = await startService(createApp, infra.env);
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  it('answers from the held read until a live message, and shows every applied change', async () => {
    const tenant = newTenant('held');
    const boards = service.app.get(BoardService);
    const reader = api(service.url, infra.token({ tenant, sub: 'bob' }));
    const ann = async () =>
      ((await reader.get('/api/v1/leaderboards/global?period=all')).body as Board).entries.find(
        (entry) => entry.employeeId === 'ann',
      );

    await boards.applyPoints([createEnvelope(pointsEvent(tenant, 'ann', 30))]);
    await waitFor(async () => (await ann())?.points === 30 || undefined, { message: 'ann on the board' });

    // A change that says nothing on the tenant's channel is not seen: the answer is held.
    await service.app.get(BoardStore).setProfile(tenant, 'ann', 'Ann Renamed', null);
    expect((await ann())?.displayName).not.toBe('Ann Renamed');
    await service.app.get(BoardStore).publish(tenant, { kind: 'points', changes: 1 });
    await waitFor(async () => (await ann())?.displayName === 'Ann Renamed' || undefined, {
      message: 'the new name after the live message',
      timeoutMs: 5000,
    });

    // Points applied by the consumer's path publish their own message: never held past it.
    await boards.applyPoints([createEnvelope(pointsEvent(tenant, 'ann', 5))]);
    await waitFor(async () => (await ann())?.points === 35 || undefined, {
      message: 'the applied points',
      timeoutMs: 5000,
    });
  });
});
