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
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { BoardService } from '../src/boards/board.service';
import { BoardStore } from '../src/boards/board.store';

/**
 * Board reads take the HERO flags from a per-tenant set kept by each replica. Another replica's HERO
 * change reaches this one as the `boards` live message it publishes: the set is dropped then, long
 * before it would expire (here: a minute).
 */
describe('HERO flags on board reads', () => {
  let infra: TestInfra;
  let service: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0', LEADERBOARD_HERO_CACHE_MS: '60000' });
    service = await startService(createApp, infra.env);
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  it('follows a HERO change made by another replica as soon as its live message arrives', async () => {
    const tenant = newTenant('hero');
    await service.app.get(BoardService).applyPoints([createEnvelope(pointsEvent(tenant, 'ann', 30))]);
    const reader = api(service.url, infra.token({ tenant, sub: 'bob' }));
    const annIsHero = async () => {
      const body = (await reader.get('/api/v1/leaderboards/global?period=all')).body as {
        entries: { employeeId: string; hero: boolean }[];
      };
      return body.entries.find((entry) => entry.employeeId === 'ann')?.hero;
    };
    expect(await annIsHero()).toBe(false);

    // Another replica's projection marks her and says so on the tenant's channel.
    await service.app.get(DataSource).query(
      `INSERT INTO leaderboard.heroes (tenant_id, employee_id, basis, reason, since)
       VALUES ($1, 'ann', 'rule', 'test', now())`,
      [tenant],
    );
    expect(await annIsHero()).toBe(false); // this replica still holds the set it read
    await service.app.get(BoardStore).publish(tenant, { kind: 'boards' });
    await waitFor(async () => (await annIsHero()) === true || undefined, {
      message: 'the flag after the live message',
      timeoutMs: 5000,
    });
  });
});
