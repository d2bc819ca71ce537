import { DEFAULT_COACHING_SETTINGS, EventType, NewEvent } from '@advocacy/contracts';
import { ManualClock } from '@advocacy/platform';
import { Client } from 'pg';
import {
  api,
  collectTopic,
  http,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp } from '../src/app';
import { AssignmentService } from '../src/assignments/assignment.service';
import { ReactivationService } from '../src/reactivation/reactivation.service';
import { coachBody, deactivated, eventsOf, nominate, profile, shareRecorded } from './helpers';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

describe('coaching service over Kafka', () => {
  let infra: TestInfra;
  let service: StartedService;
  let collected: Awaited<ReturnType<typeof collectTopic>>;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    infra = await startTestInfra({ COACHING_JOBS_INTERVAL_MS: '0' });
    service = await startService(createApp, infra.env, { clock });
    collected = await collectTopic(infra.kafka, infra.prefix + 'coaching.v1');
  });

  afterAll(async () => {
    await collected?.stop();
    await service?.close();
    await infra?.teardown();
  });

  const tokens = (tenant: string) => ({
    admin: infra.token({ tenant, sub: 'root', roles: ['admin'] }),
    coach: (sub: string) => infra.token({ tenant, sub, roles: ['coach'] }),
    employee: (sub: string) => infra.token({ tenant, sub, roles: ['employee'] }),
  });

  const assignmentsOf = async (tenant: string, query = '') =>
    (await api(service.url, tokens(tenant).admin).get(`/api/v1/assignments${query}`)).body
      .assignments as any[];

  it('a HERO qualification leads to a proposal to the best coach; the coach accepts and the HERO sees them', async () => {
    const tenant = newTenant();
    const t = tokens(tenant);
    const admin = api(service.url, t.admin);
    expect((await admin.post('/api/v1/coaches', coachBody('carol', { teams: ['sales'] }))).status).toBe(201);
    expect((await admin.post('/api/v1/coaches', coachBody('bob', { topics: ['ai'] }))).status).toBe(201);
    expect((await admin.post('/api/v1/coaches', coachBody('carol'))).status).toBe(409);

    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'hana', { teamId: 'sales', topics: ['ai'] }),
    ]);
    await waitFor(async () => (await rowsOf(tenant))[0]?.count === 1);
    const nominated = await nominate(service.url, t.admin, 'hana', 'top 10% this week');
    expect(nominated.status).toBe(201);
    expect(nominated.body).toMatchObject({ employeeId: 'hana', status: 'active', basis: 'nominated' });

    const proposed = await waitFor(() => eventsOf(collected.messages, tenant, 'coach.assigned')[0]);
    expect(proposed.payload).toMatchObject({
      coachId: 'carol',
      employeeId: 'hana',
      kind: 'hero-support',
      status: 'proposed',
    });
    const heroes = (await admin.get('/api/v1/heroes')).body.heroes;
    expect(heroes).toEqual([
      expect.objectContaining({
        employeeId: 'hana',
        displayName: 'Advocate hana',
        status: 'active',
        coachId: 'carol',
        assignmentState: 'proposed',
      }),
    ]);

    const id = proposed.payload.assignmentId;
    // Another coach may not touch it; another tenant does not even see it.
    expect((await api(service.url, t.coach('bob')).post(`/api/v1/assignments/${id}/accept`)).status).toBe(
      403,
    );
    const stranger = infra.token({ tenant: newTenant(), sub: 'carol', roles: ['admin'] });
    expect((await api(service.url, stranger).post(`/api/v1/assignments/${id}/accept`)).status).toBe(404);
    expect((await api(service.url, stranger).get(`/api/v1/assignments/${id}`)).status).toBe(404);

    const carol = api(service.url, t.coach('carol'));
    expect((await carol.get('/api/v1/assignments?mine=true')).body.assignments.map((a: any) => a.id)).toEqual(
      [id],
    );
    expect((await carol.get('/api/v1/assignments')).status).toBe(403);
    expect((await carol.post(`/api/v1/assignments/${id}/complete`)).status).toBe(409);
    const accepted = await carol.post(`/api/v1/assignments/${id}/accept`, { note: 'happy to help' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('accepted');
    const again = await carol.post(`/api/v1/assignments/${id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('illegal_transition');

    await waitFor(() =>
      eventsOf(collected.messages, tenant, 'coach.assigned').find(
        (event) => event.payload.status === 'accepted',
      ),
    );
    const mine = await api(service.url, t.employee('hana')).get('/api/v1/me/coach');
    expect(mine.body.coach).toMatchObject({
      employeeId: 'carol',
      displayName: 'Coach carol',
      assignmentId: id,
    });

    const tip = await carol.post('/api/v1/tips', { text: 'Post on Tuesday mornings' });
    expect(tip.status).toBe(201);
    expect(tip.body.employeeIds).toEqual(['hana']);
    expect((await carol.post('/api/v1/tips', { text: 'hi', employeeIds: ['zed'] })).status).toBe(422);
    const tipEvent = await waitFor(() => eventsOf(collected.messages, tenant, 'coaching.tip-sent')[0]);
    expect(tipEvent.payload).toMatchObject({
      coachId: 'carol',
      employeeIds: ['hana'],
      text: 'Post on Tuesday mornings',
    });

    const done = await carol.post(`/api/v1/assignments/${id}/complete`, { note: 'good habits now' });
    expect(done.body.state).toBe('completed');
    const history = (await carol.get(`/api/v1/assignments/${id}`)).body.transitions;
    expect(history.map((step: any) => [step.from, step.to, step.actor, step.note])).toEqual([
      [
        null,
        'proposed',
        'root',
        `HERO ${clock.now().toISOString().slice(0, 10)}: nominated by root: top 10% this week`,
      ],
      ['proposed', 'accepted', 'carol', 'happy to help'],
      ['accepted', 'completed', 'carol', 'good habits now'],
    ]);
    const completed = await waitFor(() => eventsOf(collected.messages, tenant, 'coaching.completed')[0]);
    expect(completed.payload).toMatchObject({ assignmentId: id, coachId: 'carol', outcome: 'completed' });

    const removed = await admin.delete('/api/v1/heroes/hana');
    expect(removed.status).toBe(200);
    expect((await admin.get('/api/v1/heroes')).body.heroes[0]).toMatchObject({
      status: 'lapsed',
      reason: 'removed by root',
    });
    expect((await admin.delete('/api/v1/heroes/hana')).status).toBe(404);
  });

  it("a deactivation cancels what the person is in: a coach's advocate goes to another coach, an advocate leaves coaching and is never nudged", async () => {
    const tenant = newTenant();
    const t = tokens(tenant);
    const admin = api(service.url, t.admin);
    expect((await admin.put('/api/v1/settings', { inactivityDays: 10 })).status).toBe(200);
    expect((await admin.post('/api/v1/coaches', coachBody('carol'))).status).toBe(201);
    const start = clock.now();
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'carol'),
      profile(tenant, 'mia'),
      profile(tenant, 'noah'),
      shareRecorded(tenant, 'mia', start),
      shareRecorded(tenant, 'noah', start),
    ]);
    await waitFor(async () => (await rowsOf(tenant))[0]?.shared === 2);
    const opened = await admin.post('/api/v1/assignments', { employeeId: 'mia' });
    expect(opened.body).toMatchObject({ state: 'proposed', coachId: 'carol' });
    expect(
      (await api(service.url, t.coach('carol')).post(`/api/v1/assignments/${opened.body.id}/accept`)).status,
    ).toBe(200);
    expect((await admin.post('/api/v1/coaches', coachBody('dave'))).status).toBe(201);

    // The coach leaves: mia's accepted assignment is cancelled and she is proposed to dave.
    await publishEvents(infra.kafka, infra.prefix, [deactivated(tenant, 'carol')]);
    const again = await waitFor(async () => {
      const list = await assignmentsOf(tenant);
      return list.some((a) => a.state === 'proposed' && a.coachId === 'dave') ? list : undefined;
    });
    expect(again.find((a) => a.id === opened.body.id)).toMatchObject({
      state: 'cancelled',
      coachId: 'carol',
    });
    const history = await admin.get(`/api/v1/assignments/${opened.body.id}`);
    expect(history.body.transitions.at(-1)).toMatchObject({
      from: 'accepted',
      to: 'cancelled',
      note: 'coach carol was deactivated by the directory',
    });
    const refused = await admin.post('/api/v1/assignments', { employeeId: 'noah', coachId: 'carol' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('coach_not_eligible');

    // The advocate leaves: her proposal is cancelled, nothing new opens, nobody may open one.
    await publishEvents(infra.kafka, infra.prefix, [deactivated(tenant, 'mia')]);
    await waitFor(async () =>
      (await assignmentsOf(tenant)).every((a) => a.employeeId !== 'mia' || a.state === 'cancelled'),
    );
    const closed = await admin.post('/api/v1/assignments', { employeeId: 'mia' });
    expect(closed.status).toBe(422);
    expect(closed.body.error.code).toBe('advocate_inactive');
    await waitFor(
      () =>
        eventsOf(collected.messages, tenant, 'coaching.completed').filter(
          (event) => event.payload.outcome === 'cancelled',
        ).length === 2 || undefined,
    );

    // Quiet for 11 days: noah is nudged, mia (gone) is not.
    clock.advance(11 * DAY);
    await service.app.get(ReactivationService).runInactivityScan();
    const nudges = await waitFor(() => {
      const found = eventsOf(collected.messages, tenant, 'coaching.nudged');
      return found.length > 0 ? found : undefined;
    });
    expect(nudges.map((event) => event.payload.employeeId)).toEqual(['noah']);
    // The next tests take the clock for the present (their profiles are stamped with real time).
    clock.set(start);
  });

  it('inactivity leads to one nudge and, still inactive later, a re-activation assignment', async () => {
    const tenant = newTenant();
    const admin = api(service.url, tokens(tenant).admin);
    expect((await admin.put('/api/v1/settings', { inactivityDays: 10 })).body).toEqual({
      ...DEFAULT_COACHING_SETTINGS,
      inactivityDays: 10,
    });
    await admin.post('/api/v1/coaches', coachBody('carol'));
    const start = clock.now();
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'ida'),
      profile(tenant, 'sam'),
      shareRecorded(tenant, 'ida', start),
      shareRecorded(tenant, 'sam', start),
    ]);
    const reactivation = service.app.get(ReactivationService);
    await waitFor(async () => (await rowsOf(tenant))[0]?.shared === 2);

    clock.advance(9 * DAY);
    await reactivation.runInactivityScan();
    // sam shares again on day 9; ida does not.
    await publishEvents(infra.kafka, infra.prefix, [shareRecorded(tenant, 'sam', clock.now())]);
    await waitFor(async () => (await rowsOf(tenant))[0]?.recent === 1);

    clock.advance(2 * DAY);
    await reactivation.runInactivityScan();
    await reactivation.runInactivityScan();
    const nudge = await waitFor(() => eventsOf(collected.messages, tenant, 'coaching.nudged')[0]);
    expect(nudge.payload).toMatchObject({ employeeId: 'ida', inactiveDays: 11, suggestedContentIds: [] });

    clock.advance(6 * DAY);
    await reactivation.runInactivityScan();
    expect(await assignmentsOf(tenant)).toEqual([]);

    clock.advance(1 * DAY);
    await reactivation.runInactivityScan();
    const assigned = await waitFor(() => eventsOf(collected.messages, tenant, 'coach.assigned')[0]);
    expect(assigned.payload).toMatchObject({ employeeId: 'ida', coachId: 'carol', kind: 're-activation' });
    await reactivation.runInactivityScan();
    expect(await assignmentsOf(tenant)).toHaveLength(1);
    expect(eventsOf(collected.messages, tenant, 'coaching.nudged')).toHaveLength(1);
  });

  it("each advocate's role goal decides when they are nudged: the tenant's roles, else the defaults", async () => {
    const own = newTenant();
    const defaults = newTenant();
    const withRole = (tenant: string, employeeId: string, role: string): NewEvent<EventType> => {
      const event = profile(tenant, employeeId) as NewEvent<'advocate.profile-updated'>;
      return { ...event, payload: { ...event.payload, role } };
    };
    const start = clock.now();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'advocate.roles-updated',
        tenantId: own,
        subject: 'roles',
        payload: {
          roles: [
            { roleId: 'expert', weeklyShareGoal: 3, goalPeriodWeeks: 1 },
            { roleId: 'supporter', weeklyShareGoal: 1, goalPeriodWeeks: 2 },
            { roleId: 'observer', weeklyShareGoal: 0, goalPeriodWeeks: 1 },
          ],
          updatedAt: start.toISOString(),
        },
      },
      withRole(own, 'exa', 'expert'),
      withRole(own, 'sup', 'supporter'),
      withRole(own, 'obs', 'observer'),
      withRole(own, 'any', 'no-such-role'),
      withRole(defaults, 'dex', 'expert'),
      withRole(defaults, 'dsu', 'supporter'),
      ...['exa', 'sup', 'obs', 'any'].map((id) => shareRecorded(own, id, start)),
      ...['dex', 'dsu'].map((id) => shareRecorded(defaults, id, start)),
    ]);
    await waitFor(
      async () => (await rowsOf(own))[0]?.shared === 4 && (await rowsOf(defaults))[0]?.shared === 2,
    );
    await waitFor(async () => (await roleGoalsOf(own)) === 3);
    await waitFor(async () => (await rolesOf(own)) === 4 && (await rolesOf(defaults)) === 2);
    const reactivation = service.app.get(ReactivationService);
    const nudged = (tenant: string) =>
      eventsOf(collected.messages, tenant, 'coaching.nudged')
        .map((event) => (event.payload as { employeeId: string }).employeeId)
        .sort();

    clock.advance(6 * DAY);
    await reactivation.runInactivityScan();
    clock.advance(1 * DAY);
    await reactivation.runInactivityScan();
    // 7 quiet days: the experts (3 a week here, 5 a week by default) are nudged, nobody else.
    await waitFor(() => nudged(own).length === 1 && nudged(defaults).length === 1);
    expect(nudged(own)).toEqual(['exa']);
    expect(nudged(defaults)).toEqual(['dex']);

    clock.advance(6 * DAY);
    await reactivation.runInactivityScan();
    expect(nudged(own)).toEqual(['exa']);
    clock.advance(1 * DAY);
    await reactivation.runInactivityScan();
    // 14 days: the supporters (1 every 2 weeks) and the advocate without a known role (the tenant's
    // 14 days); the observer's role has no goal and is never nudged.
    await waitFor(() => nudged(own).length === 3 && nudged(defaults).length === 2);
    expect(nudged(own)).toEqual(['any', 'exa', 'sup']);
    expect(nudged(defaults)).toEqual(['dex', 'dsu']);
    clock.advance(30 * DAY);
    await reactivation.runInactivityScan();
    expect(nudged(own)).not.toContain('obs');
  });

  it('an unanswered proposal expires after 48 h and goes to the next coach; a decline too, then the queue waits', async () => {
    const tenant = newTenant();
    const t = tokens(tenant);
    const admin = api(service.url, t.admin);
    await admin.post('/api/v1/coaches', coachBody('anna', { teams: ['ops'] }));
    await admin.post('/api/v1/coaches', coachBody('bert'));
    await publishEvents(infra.kafka, infra.prefix, [profile(tenant, 'olga', { teamId: 'ops' })]);
    await waitFor(async () => (await rowsOf(tenant))[0]?.count === 1);
    expect((await nominate(service.url, t.admin, 'olga')).status).toBe(201);
    const [first] = await waitFor(async () => {
      const list = await assignmentsOf(tenant);
      return list.length === 1 ? list : undefined;
    });
    expect(first).toMatchObject({ coachId: 'anna', state: 'proposed' });

    const jobs = service.app.get(AssignmentService);
    clock.advance(47 * HOUR);
    await jobs.expireProposals();
    expect((await assignmentsOf(tenant, '?state=proposed')).map((a) => a.id)).toEqual([first.id]);

    clock.advance(1 * HOUR);
    await jobs.expireProposals();
    const second = (await assignmentsOf(tenant, '?state=proposed'))[0];
    expect(second).toMatchObject({ coachId: 'bert', employeeId: 'olga', kind: 'hero-support' });
    expect((await assignmentsOf(tenant, '?state=expired')).map((a) => a.id)).toEqual([first.id]);
    const expired = await waitFor(() => eventsOf(collected.messages, tenant, 'coaching.completed')[0]);
    expect(expired.payload).toMatchObject({ assignmentId: first.id, coachId: 'anna', outcome: 'expired' });

    // bert declines: anna let it expire and bert declined, so nobody is left and olga waits.
    const declined = await api(service.url, t.coach('bert')).post(
      `/api/v1/assignments/${second.id}/decline`,
      {
        note: 'no time',
      },
    );
    expect(declined.body.state).toBe('declined');
    const [waiting] = await assignmentsOf(tenant, '?state=unassigned');
    expect(waiting).toMatchObject({ employeeId: 'olga', coachId: null });

    // A new coach frees the queue at once.
    await admin.post('/api/v1/coaches', coachBody('cleo', { available: false }));
    expect(await assignmentsOf(tenant, '?state=unassigned')).toHaveLength(1);
    const patched = await admin.put('/api/v1/coaches/cleo', { ...coachBody('cleo'), employeeId: undefined });
    expect(patched.status).toBe(200);
    const [third] = await assignmentsOf(tenant, '?state=proposed');
    expect(third).toMatchObject({ id: waiting.id, coachId: 'cleo', employeeId: 'olga' });
    const history = (await admin.get(`/api/v1/assignments/${waiting.id}`)).body.transitions;
    expect(history.map((step: any) => [step.from, step.to, step.coachId])).toEqual([
      [null, 'unassigned', null],
      ['unassigned', 'proposed', 'cleo'],
    ]);
  });

  it('guards the API: 400 naming the field, 403 for non-admins, 404 across tenants, 409 on a second open assignment', async () => {
    const tenant = newTenant();
    const t = tokens(tenant);
    const admin = api(service.url, t.admin);
    const invalid = await admin.post('/api/v1/coaches', { employeeId: 'x', capacity: -1, languages: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toEqual(expect.stringContaining('capacity'));
    expect(invalid.body.error.message).toEqual(expect.stringContaining('displayName'));
    expect((await api(service.url, t.coach('c')).post('/api/v1/coaches', coachBody('c'))).status).toBe(403);
    expect(
      (await api(service.url, t.employee('e')).post('/api/v1/assignments', { employeeId: 'e' })).status,
    ).toBe(403);
    expect((await api(service.url, t.employee('e')).get('/api/v1/settings')).status).toBe(403);
    expect(
      (await admin.put('/api/v1/coaches/nobody', { ...coachBody('nobody'), employeeId: undefined })).status,
    ).toBe(404);
    expect((await admin.get('/api/v1/assignments/not-a-uuid')).status).toBe(400);

    await admin.post('/api/v1/coaches', coachBody('kim', { capacity: 1 }));
    const manual = await admin.post('/api/v1/assignments', { employeeId: 'lou', note: 'asked for help' });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ coachId: 'kim', kind: 'manual', state: 'proposed' });
    const twice = await admin.post('/api/v1/assignments', { employeeId: 'lou' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('assignment_open');
    const full = await admin.post('/api/v1/assignments', { employeeId: 'max', coachId: 'kim' });
    expect(full.status).toBe(422);
    expect((await admin.post('/api/v1/assignments', { employeeId: 'max' })).body.state).toBe('unassigned');

    const openapi = await api(service.url).get('/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/coaches', '/api/v1/assignments', '/api/v1/heroes', '/api/v1/tips']),
    );

    const other = newTenant();
    const otherAdmin = api(service.url, tokens(other).admin);
    expect(
      (await otherAdmin.put('/api/v1/coaches/kim', { ...coachBody('kim'), employeeId: undefined })).status,
    ).toBe(404);
    const patch = await http(
      'PATCH',
      `${service.url}/api/v1/coaches/kim`,
      { capacity: 2 },
      { token: t.admin },
    );
    expect(patch.body).toMatchObject({ employeeId: 'kim', capacity: 2, load: 2 });
    // The freed capacity goes to the waiting advocate at once.
    expect((await admin.get('/api/v1/assignments?employeeId=max')).body.assignments[0]).toMatchObject({
      state: 'proposed',
      coachId: 'kim',
    });
    expect((await otherAdmin.get('/api/v1/coaches')).body.coaches).toEqual([]);
    expect((await otherAdmin.get(`/api/v1/assignments/${manual.body.id}`)).status).toBe(404);
  });
});

/** Projection progress, read straight from the service's own schema. */
async function countOf(sql: string, tenant: string): Promise<number> {
  const client = new Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test',
  });
  await client.connect();
  try {
    return (await client.query<{ count: number }>(sql, [tenant])).rows[0].count;
  } finally {
    await client.end();
  }
}
const roleGoalsOf = (tenant: string) =>
  countOf('SELECT count(*)::int AS count FROM coaching.role_goals WHERE tenant_id = $1', tenant);
const rolesOf = (tenant: string) =>
  countOf('SELECT count(role)::int AS count FROM coaching.advocates WHERE tenant_id = $1', tenant);

async function rowsOf(tenant: string): Promise<{ count: number; shared: number; recent: number }[]> {
  const client = new Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test',
  });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT count(*)::int AS count, count(last_share_at)::int AS shared,
              count(*) FILTER (WHERE last_share_at > first_seen_at)::int AS recent
         FROM coaching.advocates WHERE tenant_id = $1`,
      [tenant],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}
