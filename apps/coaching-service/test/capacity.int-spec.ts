import { Client } from 'pg';
import {
  api,
  newTenant,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { coachBody, nominate } from './helpers';

const COACHES = [
  { id: 'coach-a', capacity: 3 },
  { id: 'coach-b', capacity: 2 },
  { id: 'coach-c', capacity: 4 },
];
const TOTAL_CAPACITY = COACHES.reduce((sum, coach) => sum + coach.capacity, 0);

describe('coach capacity under concurrent triggers on two replicas', () => {
  let infra: TestInfra;
  let replicas: StartedService[] = [];
  let db: Client;

  beforeAll(async () => {
    infra = await startTestInfra({ COACHING_JOBS_INTERVAL_MS: '0' });
    replicas = await Promise.all([startService(createApp, infra.env), startService(createApp, infra.env)]);
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all(replicas.map((replica) => replica.close()));
    await infra?.teardown();
  });

  it('30 HERO nominations plus 20 manual assignments on two replicas never push a coach over capacity', async () => {
    const tenant = newTenant();
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    for (const coach of COACHES) {
      const created = await api(replicas[0].url, admin).post(
        '/api/v1/coaches',
        coachBody(coach.id, { capacity: coach.capacity }),
      );
      expect(created.status).toBe(201);
    }

    const heroes = Array.from({ length: 30 }, (_, index) => `hero-${String(index).padStart(2, '0')}`);
    const manual = Array.from({ length: 20 }, (_, index) => `manual-${String(index).padStart(2, '0')}`);
    // Sampled while everything races: the load never exceeds capacity at any moment we look.
    let overloadSeen: unknown = null;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const over = await overloaded(db, tenant);
        if (over.length > 0) overloadSeen = over;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const [nominations, responses] = await Promise.all([
      Promise.all(
        heroes.map((employeeId, index) => nominate(replicas[(index + 1) % 2].url, admin, employeeId)),
      ),
      Promise.all(
        manual.map((employeeId, index) =>
          api(replicas[index % 2].url, admin).post('/api/v1/assignments', { employeeId }),
        ),
      ),
    ]);
    expect(responses.map((response) => response.status)).toEqual(manual.map(() => 201));
    expect(nominations.map((response) => response.status)).toEqual(heroes.map(() => 201));

    const states = await waitFor(async () => {
      const rows = await db.query<{ state: string; count: number }>(
        `SELECT state, count(*)::int AS count FROM coaching.assignments WHERE tenant_id = $1 GROUP BY state`,
        [tenant],
      );
      const byState = Object.fromEntries(rows.rows.map((row) => [row.state, row.count]));
      const total = (byState.proposed ?? 0) + (byState.unassigned ?? 0);
      return total === heroes.length + manual.length ? byState : undefined;
    });
    sampling = false;
    await sampler;

    expect(overloadSeen).toBeNull();
    expect(states).toEqual({
      proposed: TOTAL_CAPACITY,
      unassigned: heroes.length + manual.length - TOTAL_CAPACITY,
    });
    const coaches = (await api(replicas[1].url, admin).get('/api/v1/coaches')).body.coaches;
    expect(coaches.map((coach: any) => [coach.employeeId, coach.load])).toEqual(
      COACHES.map((coach) => [coach.id, coach.capacity]),
    );
    const heroRows = await db.query(
      `SELECT count(*)::int AS count FROM coaching.heroes WHERE tenant_id = $1 AND status = 'active'`,
      [tenant],
    );
    expect(heroRows.rows[0].count).toBe(heroes.length);

    // Freeing capacity concurrently on both replicas: every decline re-proposes, still within capacity.
    const proposed = (await api(replicas[0].url, admin).get('/api/v1/assignments?state=proposed&limit=500'))
      .body.assignments;
    const declines = await Promise.all(
      proposed.map((assignment: any, index: number) =>
        api(replicas[index % 2].url, admin).post(`/api/v1/assignments/${assignment.id}/decline`),
      ),
    );
    expect(declines.every((response) => response.status === 200)).toBe(true);
    expect(await overloaded(db, tenant)).toEqual([]);
    const loads = (await api(replicas[0].url, admin).get('/api/v1/coaches')).body.coaches;
    expect(loads.map((coach: any) => coach.load)).toEqual(COACHES.map((coach) => coach.capacity));
  });
});

async function overloaded(db: Client, tenant: string) {
  const result = await db.query(
    `SELECT c.employee_id, c.capacity, count(a.id)::int AS load
       FROM coaching.coaches c
       LEFT JOIN coaching.assignments a ON a.tenant_id = c.tenant_id AND a.coach_id = c.employee_id
             AND a.state IN ('proposed', 'accepted')
      WHERE c.tenant_id = $1
      GROUP BY c.employee_id, c.capacity
     HAVING count(a.id) > c.capacity`,
    [tenant],
  );
  return result.rows;
}
