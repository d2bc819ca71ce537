import { randomUUID } from 'node:crypto';
import { EventType, NewEvent } from '@advocacy/contracts';
import { ManualClock } from '@advocacy/platform';
import { Client } from 'pg';
import {
  api,
  collectTopic,
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
import { AssignmentService } from '../../apps/coaching-service/src/assignments/assignment.service';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { HeroService } from '../../apps/coaching-service/src/heroes/hero.service';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

interface Collected {
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
}

const profile = (tenantId: string, employeeId: string, language = 'en', teamId: string | null = 'sales') =>
  profileEvent(tenantId, employeeId, { language, teamId });
const points = (tenantId: string, employeeId: string, amount: number, occurredAt: Date) =>
  pointsEvent(tenantId, employeeId, amount, occurredAt);

/**
 * The HERO programme across coaching (which owns HERO status) and the leaderboard (which projects
 * it onto boards and badges), over the real broker, Postgres and Redis.
 */
describe('HERO programme: coaching decides, the leaderboard shows', () => {
  let infra: TestInfra;
  let coaching: StartedService;
  let leaderboard: StartedService;
  let badgeTopic: Awaited<ReturnType<typeof collectTopic>>;
  let coachingTopic: Awaited<ReturnType<typeof collectTopic>>;
  // Coaching's clock is ours to move; the leaderboard runs on real time (its boards use `all`).
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    infra = await startTestInfra({ COACHING_JOBS_INTERVAL_MS: '0', PERIOD_CLOSE_INTERVAL_MS: '0' });
    coaching = await startService(createCoaching, infra.env, { clock });
    leaderboard = await startService(createLeaderboard, infra.env);
    badgeTopic = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    coachingTopic = await collectTopic(infra.kafka, `${infra.prefix}coaching.v1`);
  });

  afterAll(async () => {
    await badgeTopic?.stop();
    await coachingTopic?.stop();
    await coaching?.close();
    await leaderboard?.close();
    await infra?.teardown();
  });

  const of = (topic: typeof badgeTopic, tenant: string, type: string): Collected[] =>
    topic.messages
      .map((message) => message.json as Collected | null)
      .filter((json): json is Collected => json?.tenantId === tenant && json.type === type);

  const tokens = (tenant: string) => ({
    admin: infra.token({ tenant, sub: 'root', roles: ['admin'] }),
    employee: (sub: string) => infra.token({ tenant, sub, roles: ['employee'] }),
  });

  it('an admin-nominated HERO gets a coach within seconds, is marked on the board and in their badges', async () => {
    const tenant = newTenant('hero');
    const t = tokens(tenant);
    const admin = api(coaching.url, t.admin);
    expect((await admin.post('/api/v1/coaches', coachBodyOf('cora'))).status).toBe(201);
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'nina'),
      profile(tenant, 'otto'),
      points(tenant, 'nina', 20, new Date()),
      points(tenant, 'otto', 30, new Date()),
    ]);
    const reader = api(leaderboard.url, t.employee('otto'));
    await waitFor(async () => (await reader.get('/api/v1/leaderboards/global')).body.total === 2);

    const started = Date.now();
    const nominated = await admin.post('/api/v1/heroes', {
      employeeId: 'nina',
      note: 'our first enthusiast',
    });
    expect(nominated.status).toBe(201);
    const assigned = await waitFor(() => of(coachingTopic, tenant, 'coach.assigned')[0], {
      timeoutMs: 10_000,
    });
    expect(assigned.payload).toMatchObject({ employeeId: 'nina', coachId: 'cora', kind: 'hero-support' });
    const qualified = await waitFor(() => of(badgeTopic, tenant, 'hero.qualified')[0]);
    expect(qualified.payload).toMatchObject({
      employeeId: 'nina',
      basis: 'nominated',
      nominatedBy: 'root',
      reason: 'nominated by root: our first enthusiast',
    });

    const board = await waitFor(async () => {
      const body = (await reader.get('/api/v1/leaderboards/global')).body;
      return body.entries.find((entry: { employeeId: string }) => entry.employeeId === 'nina')?.hero
        ? body
        : undefined;
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(
      board.entries.map((entry: { employeeId: string; hero: boolean }) => [entry.employeeId, entry.hero]),
    ).toEqual([
      ['otto', false],
      ['nina', true],
    ]);
    const badges = (await reader.get('/api/v1/badges/nina')).body;
    expect(badges.hero).toMatchObject({
      basis: 'nominated',
      reason: 'nominated by root: our first enthusiast',
    });

    // Employees read the HEROs (no coach details) and their own status with coach and progress.
    const heroes = await api(coaching.url, t.employee('otto')).get('/api/v1/heroes');
    expect(heroes.status).toBe(200);
    expect(heroes.body.heroes).toEqual([
      expect.objectContaining({ employeeId: 'nina', status: 'active', basis: 'nominated', coachId: null }),
    ]);
    // Coaching projects points from points.v1 on its own consumer: wait until it has Nina's 20.
    const me = await waitFor(async () => {
      const body = (await api(coaching.url, t.employee('nina')).get('/api/v1/me/hero')).body;
      return body.progress?.points === 20 ? body : undefined;
    });
    expect(me).toMatchObject({
      status: 'active',
      basis: 'nominated',
      coach: { employeeId: 'cora', displayName: 'Coach cora', state: 'proposed' },
      progress: { windowDays: 30, points: 20, minPoints: 150, meetsRule: false },
    });
    expect(me.progress.explanation).toBe('130 more points or 8 more shares in the last 30 days');

    // Removal: lapsed with the cause, and the board flag goes away.
    expect((await admin.delete('/api/v1/heroes/nina')).status).toBe(200);
    const lapsed = await waitFor(() => of(badgeTopic, tenant, 'hero.lapsed')[0]);
    expect(lapsed.payload).toMatchObject({ employeeId: 'nina', cause: 'removed', removedBy: 'root' });
    await waitFor(async () => {
      const body = (await reader.get('/api/v1/leaderboards/global')).body;
      return body.entries.every((entry: { hero: boolean }) => entry.hero === false);
    });
    expect((await reader.get('/api/v1/badges/nina')).body.hero).toBeNull();
  });

  it('an automatic HERO qualifies mid-month on the rolling window, then lapses after the grace period', async () => {
    const tenant = newTenant('auto');
    const t = tokens(tenant);
    const admin = api(coaching.url, t.admin);
    clock.set('2026-03-15T10:00:00Z');
    const rule = { windowDays: 30, minPoints: 100, minShares: null, topPerTeam: 0, graceDays: 5 };
    expect((await admin.put('/api/v1/settings', { heroRule: rule })).status).toBe(200);
    await admin.post('/api/v1/coaches', coachBodyOf('cora'));
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'max'),
      points(tenant, 'max', 60, new Date('2026-03-10T09:00:00Z')),
    ]);
    await waitFor(
      async () =>
        (await api(coaching.url, t.employee('max')).get('/api/v1/me/hero')).body.progress.points === 60,
    );
    expect(of(badgeTopic, tenant, 'hero.qualified')).toEqual([]);

    // The 100th point on 14 March: HERO now, not at the end of the month.
    await publishEvents(infra.kafka, infra.prefix, [
      points(tenant, 'max', 40, new Date('2026-03-14T09:00:00Z')),
    ]);
    const qualified = await waitFor(() => of(badgeTopic, tenant, 'hero.qualified')[0]);
    expect(qualified.payload).toEqual({
      employeeId: 'max',
      period: '2026-03-15',
      basis: 'rule',
      reason: '100 points in the last 30 days',
      numbers: { windowDays: 30, points: 100, shares: 0, teamRank: 1 },
    });
    const assigned = await waitFor(() => of(coachingTopic, tenant, 'coach.assigned')[0]);
    expect(assigned.payload).toMatchObject({ employeeId: 'max', coachId: 'cora', kind: 'hero-support' });

    // 10 April: the 60 points of 10 March left the window. Grace of 5 days, then the status lapses.
    const heroes = coaching.app.get(HeroService);
    clock.set('2026-04-10T10:00:00Z');
    await heroes.evaluateAll();
    const atRisk = (await api(coaching.url, t.employee('max')).get('/api/v1/me/hero')).body;
    expect(atRisk).toMatchObject({
      status: 'active',
      graceUntil: '2026-04-15T10:00:00.000Z',
      progress: { points: 40, meetsRule: false, explanation: '60 more points in the last 30 days' },
    });
    clock.set('2026-04-15T09:59:00Z');
    await heroes.evaluateAll();
    expect(of(badgeTopic, tenant, 'hero.lapsed')).toEqual([]);
    clock.set('2026-04-15T10:00:00Z');
    await heroes.evaluateAll();
    await heroes.evaluateAll();
    const lapsed = await waitFor(() => of(badgeTopic, tenant, 'hero.lapsed')[0]);
    expect(lapsed.payload).toEqual({
      employeeId: 'max',
      period: '2026-04-15',
      cause: 'rule',
      // By 15 April the window starts on 17 March: both days of points have left it.
      reason: 'below the HERO rule for 5 days: 100 more points in the last 30 days',
      numbers: { windowDays: 30, points: 0, shares: 0, teamRank: 1 },
    });
    expect(of(badgeTopic, tenant, 'hero.lapsed')).toHaveLength(1);
    clock.set(new Date());
  });

  it('a team challenge completes on the third launch share and awards its badge once', async () => {
    const tenant = newTenant('chal');
    const t = tokens(tenant);
    const admin = api(coaching.url, t.admin);
    const start = new Date(Date.now() - HOUR);
    const created = await admin.post('/api/v1/challenges', {
      title: 'Share 3 launch posts this week',
      goal: { metric: 'shares', target: 3 },
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 7 * DAY).toISOString(),
      audience: { kind: 'team', teamId: 'sales' },
      campaignId: 'launch',
      prize: 'Lunch with the CEO',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const bad = await admin.post('/api/v1/challenges', {
      title: 'Backwards',
      goal: { metric: 'shares', target: 3 },
      startsAt: start.toISOString(),
      endsAt: start.toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('endsAt');
    expect((await api(coaching.url, t.employee('lea')).post('/api/v1/challenges', {})).status).toBe(403);

    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'lea'),
      profile(tenant, 'ops-1', 'en', 'ops'),
    ]);
    const share = (employeeId: string, campaignId: string | null): NewEvent<EventType> => ({
      type: 'share.recorded',
      tenantId: tenant,
      subject: employeeId,
      payload: {
        shareId: randomUUID(),
        employeeId,
        teamId: employeeId === 'lea' ? 'sales' : 'ops',
        contentId: randomUUID(),
        campaignId,
        network: 'linkedin',
        linkCode: 'abcdefgh12',
      },
    });
    // Two launch shares and one outside the campaign: not yet; ops is not in the audience.
    await publishEvents(infra.kafka, infra.prefix, [
      share('lea', 'launch'),
      share('lea', 'launch'),
      share('lea', null),
      share('ops-1', 'launch'),
      share('ops-1', 'launch'),
      share('ops-1', 'launch'),
    ]);
    const lea = api(coaching.url, t.employee('lea'));
    await waitFor(async () => (await lea.get(`/api/v1/challenges/${id}`)).body.me?.progress === 2);
    expect(of(coachingTopic, tenant, 'challenge.completed')).toEqual([]);

    await publishEvents(infra.kafka, infra.prefix, [share('lea', 'launch'), share('lea', 'launch')]);
    const completed = await waitFor(() => of(coachingTopic, tenant, 'challenge.completed')[0]);
    expect(completed.payload).toMatchObject({
      challengeId: id,
      employeeId: 'lea',
      target: 3,
      progress: 3,
      prize: 'Lunch with the CEO',
    });
    const reader = api(leaderboard.url, t.employee('lea'));
    const badge = await waitFor(async () =>
      ((await reader.get('/api/v1/badges/lea')).body.badges as { badgeId: string }[]).find(
        (item) => item.badgeId === `challenge-${id}`,
      ),
    );
    expect(badge).toMatchObject({
      name: 'Challenge: Share 3 launch posts this week',
      reason: 'reached 3 shares (prize: Lunch with the CEO)',
    });
    const progress = (await admin.get(`/api/v1/challenges/${id}/progress`)).body.standings;
    expect(progress).toEqual([expect.objectContaining({ rank: 1, employeeId: 'lea', progress: 4 })]);
    expect((await lea.get('/api/v1/challenges')).body.challenges[0]).toMatchObject({ id, completed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(of(coachingTopic, tenant, 'challenge.completed')).toHaveLength(1);
  });

  it('an advocate nobody can coach raises the alert with the reason, once', async () => {
    const tenant = newTenant('alert');
    const t = tokens(tenant);
    const admin = api(coaching.url, t.admin);
    await admin.post('/api/v1/coaches', coachBodyOf('cora'));
    await publishEvents(infra.kafka, infra.prefix, [profile(tenant, 'daan', 'nl')]);
    // The profile (language nl) must be in before the nomination tries to match.
    await waitFor(async () => {
      const db = new Client({ connectionString: infra.env.DATABASE_URL });
      await db.connect();
      try {
        const { rows } = await db.query(
          `SELECT language FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = 'daan'`,
          [tenant],
        );
        return rows[0]?.language === 'nl';
      } finally {
        await db.end();
      }
    });
    expect((await admin.post('/api/v1/heroes', { employeeId: 'daan' })).status).toBe(201);
    const [waiting] = (await admin.get('/api/v1/assignments/unassigned')).body.unassigned;
    expect(waiting).toMatchObject({ employeeId: 'daan', reason: 'no-language-match', alertedAt: null });

    const jobs = coaching.app.get(AssignmentService);
    clock.advance(23 * HOUR);
    await jobs.alertUnassigned();
    expect(of(coachingTopic, tenant, 'coaching.unassigned-alert')).toEqual([]);
    clock.advance(1 * HOUR);
    await jobs.alertUnassigned();
    await jobs.alertUnassigned();
    const alert = await waitFor(() => of(coachingTopic, tenant, 'coaching.unassigned-alert')[0]);
    expect(alert.payload).toMatchObject({
      employeeId: 'daan',
      kind: 'hero-support',
      waitingHours: 24,
      reason: 'no-language-match',
      language: 'nl',
      message: 'daan has waited 24 h for a coach: no coach speaks their language',
    });
    const listed = (await admin.get('/api/v1/assignments/unassigned')).body.unassigned[0];
    expect(listed.alertedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(of(coachingTopic, tenant, 'coaching.unassigned-alert')).toHaveLength(1);

    // A Dutch coach with capacity takes them at once.
    await admin.post('/api/v1/coaches', coachBodyOf('noor', ['nl']));
    expect((await admin.get('/api/v1/assignments/unassigned')).body.unassigned).toEqual([]);
    clock.set(new Date());
  });
});

const coachBodyOf = (employeeId: string, languages = ['en']) => ({
  employeeId,
  displayName: `Coach ${employeeId}`,
  languages,
  capacity: 3,
});
