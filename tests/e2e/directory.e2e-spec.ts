import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  api,
  http,
  newTenant,
  publishEvents,
  startService,
  StartedService,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { createApp as createContent } from '../../apps/content-service/src/app';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ADVOCACY = 'urn:ietf:params:scim:schemas:extension:advocacy:2.0:User';

/**
 * The directory is the one source of team, audience and active state (issues 11 and 15): a SCIM
 * client provisions people and a team, and every service follows — the share carries the
 * directory's team (not the token's claim), the team board counts it, reach and EMV use the
 * directory's followers (the employee cannot inflate them), and a deactivated person can no longer
 * call any service and leaves the boards while their ledger stays.
 */
describe('directory → every service', () => {
  let infra: TestInfra;
  let content: StartedService;
  let tracking: StartedService;
  let scoring: StartedService;
  let board: StartedService;
  let coaching: StartedService;
  let db: Client;

  beforeAll(async () => {
    infra = await startTestInfra();
    [content, tracking, scoring, board, coaching] = await Promise.all([
      startService(createContent, infra.env),
      startService(createShareTracking, infra.env),
      startService(createScoring, infra.env),
      startService(createLeaderboard, infra.env),
      startService(createCoaching, { ...infra.env, COACHING_JOBS_INTERVAL_MS: '0' }),
    ]);
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([content, tracking, scoring, board, coaching].map((service) => service?.close()));
    await infra?.teardown();
  });

  /** The tenant's SCIM client: its provisioning token, minted by the admin, on every request. */
  const provisioningClient = async (adminToken: string) => {
    const { token } = (await api(content.url, adminToken).post('/api/v1/scim/token')).body;
    return (method: string, path: string, body?: unknown) =>
      http(method, `${content.url}/scim/v2${path}`, body, {
        token,
        headers: { 'content-type': 'application/scim+json' },
      });
  };

  it('team and followers come from SCIM; deactivation locks the person out and off the boards', async () => {
    const tenant = newTenant('dir');
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const scim = await provisioningClient(admin);
    for (const [userName, linkedin] of [
      ['alice', 2000],
      ['bob', 500],
    ] as const) {
      const created = await scim('POST', '/Users', {
        schemas: [USER],
        userName,
        [ADVOCACY]: { followers: { linkedin } },
      });
      expect(created.status).toBe(201);
    }
    const group = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Sales',
      members: [{ value: 'alice' }, { value: 'bob' }],
    });
    expect(group.status).toBe(201);

    // The share service's projection is the thing under test; wait for it rather than sleep.
    await waitFor(
      async () => {
        const { rows } = await db.query<{ employee_id: string }>(
          `SELECT employee_id FROM tracking.advocates
            WHERE tenant_id = $1 AND team_id = 'sales' AND (followers ->> 'linkedin') IS NOT NULL`,
          [tenant],
        );
        return rows.length === 2;
      },
      { message: 'share-tracking projected the directory' },
    );

    // The employee cannot write the audience that weighs EMV, nor their team.
    const aliceToken = infra.token({ tenant, sub: 'alice', team: 'marketing' });
    const selfDeclared = await api(content.url, aliceToken).put('/api/v1/me/profile', {
      followers: { linkedin: 1_000_000_000 },
    });
    expect(selfDeclared.status).toBe(400);
    expect(selfDeclared.body.error.message).toContain('followers');

    const contentId = randomUUID();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'content.published',
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: 'https://example.com/news/directory',
          title: 'Directory',
          language: 'en',
          topics: [],
          publishedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        },
      },
    ]);
    const bobToken = infra.token({ tenant, sub: 'bob' });
    for (const token of [aliceToken, bobToken]) {
      const share = await waitFor(async () => {
        const response = await api(tracking.url, token).post('/api/v1/shares', {
          contentId,
          network: 'linkedin',
        });
        return response.body.error?.code === 'content_unknown' ? undefined : response;
      });
      expect(share.status).toBe(201);
    }

    // Alice's token claims `marketing`; the directory says `sales`, and the directory wins.
    const teamBoard = await waitFor(async () => {
      const response = await api(board.url, admin).get('/api/v1/leaderboards/team:sales?period=all');
      return response.body.entries?.length === 2 ? response.body : undefined;
    });
    expect(teamBoard.entries.map((entry: { employeeId: string }) => entry.employeeId).sort()).toEqual([
      'alice',
      'bob',
    ]);
    const marketing = await api(board.url, admin).get('/api/v1/leaderboards/team:marketing?period=all');
    expect(marketing.body.entries).toEqual([]);

    // Reach and estimated impressions are the directory's followers: 2000 + 500.
    const summary = await api(tracking.url, admin).get('/api/v1/analytics/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.totals).toMatchObject({ shares: 2, potentialReach: 2500 });
    expect(summary.body.totals.emv).toBeGreaterThan(0);

    // Deactivation: bob is refused everywhere at once and leaves the boards; his ledger stays.
    const bobPoints = (await api(scoring.url, bobToken).get('/api/v1/points/me')).body.total as number;
    expect(bobPoints).toBeGreaterThan(0);
    const off = await scim('PATCH', '/Users/bob', {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(off.status).toBe(200);
    const guardedRoutes: [StartedService, string][] = [
      [content, '/api/v1/me/profile'],
      [tracking, '/api/v1/analytics/summary'],
      [scoring, '/api/v1/points/me'],
      [board, '/api/v1/leaderboards/global?period=all'],
    ];
    for (const [service, path] of guardedRoutes) {
      const refused = await waitFor(async () => {
        const response = await api(service.url, bobToken).get(path);
        return response.status === 401 ? response : undefined;
      });
      expect(refused.body.error.message).toContain('deactivated');
    }
    await waitFor(async () => {
      const response = await api(board.url, admin).get('/api/v1/leaderboards/team:sales?period=all');
      return response.body.entries?.length === 1 && response.body.entries[0].employeeId === 'alice';
    });
    const ledger = await api(scoring.url, admin).get('/api/v1/points/bob');
    expect(ledger.status).toBe(200);
    expect(ledger.body.total).toBe(bobPoints);
  });
  it("the directory's coaches group designates coaches: joining makes one, leaving hands their advocates on", async () => {
    const tenant = newTenant('coachgrp');
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const scim = await provisioningClient(admin);
    for (const [userName, preferredLanguage] of [
      ['lena', 'nl'],
      ['mia', 'nl'],
    ] as const) {
      expect((await scim('POST', '/Users', { schemas: [USER], userName, preferredLanguage })).status).toBe(
        201,
      );
    }
    const group = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Coaches',
      members: [{ value: 'lena' }],
    });
    expect(group.status).toBe(201);

    const coachingAdmin = api(coaching.url, admin);
    const lena = await waitFor(
      async () =>
        ((await coachingAdmin.get('/api/v1/coaches')).body.coaches as any[]).find(
          (coach) => coach.employeeId === 'lena',
        ),
      { message: 'coaching made lena a coach from the directory group' },
    );
    expect(lena).toMatchObject({ languages: ['nl'], capacity: 3, available: true });
    // An admin's refinement is kept; the group only says who coaches.
    expect(
      (await http('PATCH', `${coaching.url}/api/v1/coaches/lena`, { capacity: 5 }, { token: admin })).status,
    ).toBe(200);
    await waitFor(async () => {
      const response = await coachingAdmin.post('/api/v1/assignments', { employeeId: 'mia' });
      return response.status === 201 ? response : undefined;
    });
    const [proposal] = (await coachingAdmin.get('/api/v1/assignments')).body.assignments;
    expect(proposal).toMatchObject({ employeeId: 'mia', coachId: 'lena', state: 'proposed' });

    // lena leaves the group (not the company): no longer a candidate, mia waits for another coach.
    const left = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: 'members[value eq "lena"]' }],
    });
    expect(left.status).toBe(200);
    const after = await waitFor(async () => {
      const list = (await coachingAdmin.get('/api/v1/assignments')).body.assignments as any[];
      return list.some((a) => a.id === proposal.id && a.state === 'cancelled') ? list : undefined;
    });
    expect(after.find((a) => a.id !== proposal.id)).toMatchObject({ employeeId: 'mia', state: 'unassigned' });
    const coaches = (await coachingAdmin.get('/api/v1/coaches')).body.coaches as any[];
    expect(coaches.find((coach) => coach.employeeId === 'lena')).toMatchObject({
      available: false,
      capacity: 5,
    });
  });
});
