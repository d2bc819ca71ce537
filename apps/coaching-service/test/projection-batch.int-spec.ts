import { randomUUID } from 'node:crypto';
import { AnyEnvelope, createEnvelope } from '@advocacy/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  collectTopic,
  newTenant,
  pointsEvent,
  shareEvent,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { ProjectionService } from '../src/projections/projection.service';

const at = (iso: string) => new Date(iso);

/**
 * A batch's shares and points are written a statement per kind: what they leave in the projection
 * must be what one statement per event, in order, left (first seen at the first event, the latest
 * share, the first team named, a nudge cleared by any later share, points summed per week).
 */
describe('coaching projection, a batch at a time', () => {
  let infra: TestInfra;
  let service: StartedService;
  let db: Client;

  beforeAll(async () => {
    infra = await startTestInfra({ COACHING_JOBS_INTERVAL_MS: '0' });
    service = await startService(createApp, infra.env);
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await service?.close();
    await infra?.teardown();
  });

  const apply = (consumer: string, events: AnyEnvelope[]) =>
    service.app.get(ProjectionService).apply(consumer, events);

  it('shares and points of one batch leave what one statement per event did', async () => {
    const tenant = newTenant();
    const nudged = 'nudged-1';
    // Known before the batch, nudged at 10:30, without a team.
    await service.app.get(DataSource).query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, first_seen_at, last_share_at, nudged_at, escalated_at)
         VALUES ($1, $2, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-30T10:30:00Z', '2026-11-30T10:45:00Z')`,
      [tenant, nudged],
    );
    const share = (employeeId: string, iso: string, teamId: string | null) =>
      createEnvelope(shareEvent(tenant, employeeId, at(iso), { teamId })) as AnyEnvelope;
    await apply('coaching.shares', [
      share('new-1', '2026-11-30T09:00:00Z', null),
      share('new-1', '2026-11-30T11:00:00Z', 'sales'),
      share('new-1', '2026-11-30T10:00:00Z', 'support'),
      share(nudged, '2026-11-30T10:00:00Z', null),
      share(nudged, '2026-11-30T11:00:00Z', 'ops'),
    ]);
    const points = (employeeId: string, value: number, iso: string) =>
      createEnvelope(
        pointsEvent(tenant, employeeId, value, at(iso), { teamId: null, entryId: randomUUID() }),
      ) as AnyEnvelope;
    await apply('coaching.points', [
      points('new-2', 5, '2026-11-30T09:00:00Z'),
      points('new-2', 7, '2026-11-30T12:00:00Z'),
      points('new-2', 3, '2026-12-08T12:00:00Z'),
      points('new-1', 2, '2026-11-30T12:00:00Z'),
    ]);

    const { rows } = await db.query(
      `SELECT employee_id, team_id, first_seen_at, last_share_at, nudged_at, escalated_at
       FROM coaching.advocates WHERE tenant_id = $1 ORDER BY employee_id`,
      [tenant],
    );
    const iso = (value: Date | null) => value?.toISOString() ?? null;
    expect(
      rows.map((row) => ({
        ...row,
        first_seen_at: iso(row.first_seen_at),
        last_share_at: iso(row.last_share_at),
        nudged_at: iso(row.nudged_at),
        escalated_at: iso(row.escalated_at),
      })),
    ).toEqual([
      {
        employee_id: 'new-1',
        team_id: 'sales',
        first_seen_at: '2026-11-30T09:00:00.000Z',
        last_share_at: '2026-11-30T11:00:00.000Z',
        nudged_at: null,
        escalated_at: null,
      },
      {
        employee_id: 'new-2',
        team_id: null,
        first_seen_at: '2026-11-30T09:00:00.000Z',
        last_share_at: null,
        nudged_at: null,
        escalated_at: null,
      },
      {
        employee_id: nudged,
        team_id: 'ops',
        first_seen_at: '2026-11-01T00:00:00.000Z',
        last_share_at: '2026-11-30T11:00:00.000Z',
        nudged_at: null,
        escalated_at: null,
      },
    ]);
    const weekly = await db.query(
      `SELECT employee_id, week, points FROM coaching.points_weekly WHERE tenant_id = $1 ORDER BY employee_id, week`,
      [tenant],
    );
    expect(weekly.rows).toEqual([
      { employee_id: 'new-1', week: expect.any(String), points: 2 },
      { employee_id: 'new-2', week: weekly.rows[1].week, points: 12 },
      { employee_id: 'new-2', week: expect.any(String), points: 3 },
    ]);
    expect(weekly.rows[1].week).not.toEqual(weekly.rows[2].week);
  });

  it('judges only the batch’s advocates without a team criterion, yet records the true team rank', async () => {
    const tenant = newTenant();
    const badges = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    try {
      const now = new Date();
      const points = (employeeId: string, amount: number) =>
        createEnvelope(pointsEvent(tenant, employeeId, amount, now, { teamId: 'sales' })) as AnyEnvelope;
      // default rule: 150 points or 8 shares in 30 days, no team-rank criterion
      await apply('coaching.points', [points('ann', 200), points('cyd', 10)]);
      await apply('coaching.points', [points('bo', 160)]);
      const qualified = await waitFor(() => {
        const events = badges.messages
          .map((message) => message.json as AnyEnvelope | null)
          .filter(
            (event): event is AnyEnvelope => event?.tenantId === tenant && event.type === 'hero.qualified',
          );
        return events.length === 2 ? events : undefined;
      });
      const numbersOf = (employeeId: string) =>
        qualified.find((event) => (event.payload as { employeeId: string }).employeeId === employeeId)
          ?.payload as { numbers: { points: number; teamRank: number } };
      // bo's batch held only bo, but ann (200) is ahead of bo (160) in the team
      expect(numbersOf('ann').numbers).toMatchObject({ points: 200, teamRank: 1 });
      expect(numbersOf('bo').numbers).toMatchObject({ points: 160, teamRank: 2 });
    } finally {
      await badges.stop();
    }
  });
});
