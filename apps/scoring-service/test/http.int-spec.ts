import { randomUUID } from 'node:crypto';
import { EventType, LedgerExportLine, NewEvent } from '@advocacy/contracts';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';

// Two accepted service keys, as during a rotation.
const OLD_KEY = 'old-ledger-export-key-for-this-test-0001';
const NEW_KEY = 'new-ledger-export-key-for-this-test-0002';

describe('scoring HTTP API', () => {
  const setUp = useTestSetUp();
  let infra: TestInfra;
  let service: StartedService;
  let collector: Awaited<ReturnType<typeof collectTopic>>;
  // Amsterdam is UTC+1 in March before the switch to summer time (29 March 2026).
  const clock = new ManualClock(new Date('2026-03-10T12:00:00Z'));

  const client = (tenant: string, sub: string, roles: ('employee' | 'coach' | 'admin')[] = ['employee']) =>
    api(service.url, infra.token({ tenant, sub, roles }));
  const publish = (events: NewEvent<EventType>[]) => publishEvents(infra.kafka, infra.prefix, events);
  const ledgerCount = async (tenant: string) => {
    const [row] = await service.app
      .get(DataSource)
      .query<{ count: number }[]>('SELECT count(*)::int AS count FROM scoring.ledger WHERE tenant_id = $1', [
        tenant,
      ]);
    return row.count;
  };
  // The harness's api() JSON-parses every *json content type, NDJSON included; read the stream raw.
  const exportLedger = async (token: string, query = '') => {
    const response = await fetch(`${service.url}/api/v1/ledger/export${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  const share = (
    tenant: string,
    employeeId: string,
    occurredAt: string,
    over: Record<string, unknown> = {},
  ) =>
    ({
      type: 'share.recorded',
      tenantId: tenant,
      subject: employeeId,
      occurredAt,
      payload: {
        shareId: randomUUID(),
        employeeId,
        teamId: null,
        contentId: randomUUID(),
        network: 'linkedin',
        linkCode: 'abcdefgh',
        contentTitle: 'Q3 results',
        ...over,
      },
    }) as NewEvent<'share.recorded'>;

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock }, { LEDGER_EXPORT_KEYS: `${OLD_KEY}, ${NEW_KEY}` });
    collector = await setUp.collect('points.v1');
  });

  beforeEach(() => clock.set('2026-03-10T12:00:00Z'));

  describe('rules', () => {
    it('serves the defaults as version 0 and stores each PUT as the next version', async () => {
      const tenant = newTenant();
      const admin = client(tenant, 'root', ['admin']);
      const initial = await admin.get('/api/v1/scoring/rules');
      expect(initial.status).toBe(200);
      expect(initial.body).toMatchObject({
        version: 0,
        rules: {
          sharePoints: 10,
          clickPoints: 2,
          clickCapPerSharePerDay: 50,
          engagementPoints: { like: 1, comment: 3, reshare: 5, impression: 0 },
          proposalApprovedPoints: 25,
          inviteCreditPoints: 25,
          earlyBird: { multiplier: 1.5, withinHours: 24 },
          dailyCap: 200,
          networks: { facebook: { sharePoints: 0 } },
        },
      });

      const first = await admin.put('/api/v1/scoring/rules', { sharePoints: 12 });
      expect(first.body).toMatchObject({
        version: 1,
        updatedBy: 'root',
        effectiveFrom: '2026-03-10T12:00:00.000Z',
      });
      const second = await admin.put('/api/v1/scoring/rules', { ...first.body.rules, dailyCap: null });
      expect(second.body).toMatchObject({ version: 2, rules: { sharePoints: 12, dailyCap: null } });
      expect((await admin.get('/api/v1/scoring/rules')).body.version).toBe(2);
      // the history keeps both, newest first, each as it was saved
      const history = await admin.get('/api/v1/scoring/rules/versions');
      expect(history.status).toBe(200);
      expect(
        history.body.items.map((item: { version: number; rules: { dailyCap: number | null } }) => [
          item.version,
          item.rules.dailyCap,
        ]),
      ).toEqual([
        [2, null],
        [1, first.body.rules.dailyCap],
      ]);
      expect(first.body.rules.dailyCap).not.toBeNull();
      expect(
        (await client(newTenant(), 'root', ['admin']).get('/api/v1/scoring/rules/versions')).body,
      ).toEqual({ items: [] });
      // Another tenant still has the defaults.
      expect((await client(newTenant(), 'root', ['admin']).get('/api/v1/scoring/rules')).body.version).toBe(
        0,
      );
    });

    it('rejects invalid documents with 400 naming the fields, and non-admins with 403', async () => {
      const tenant = newTenant();
      const admin = client(tenant, 'root', ['admin']);
      const invalid = await admin.put('/api/v1/scoring/rules', {
        timeZone: 'Europe/Amsterdam',
        dailyCap: -1,
      });
      expect(invalid.status).toBe(400);
      // The time zone is the tenant's settings now (content service): here it is an unknown key.
      expect(invalid.body.error.message).toContain('timeZone');
      expect(invalid.body.error.message).toContain('dailyCap');
      expect((await admin.get('/api/v1/scoring/rules')).body.rules).not.toHaveProperty('timeZone');
      expect((await client(tenant, 'alice').put('/api/v1/scoring/rules', {})).status).toBe(403);
      expect((await client(tenant, 'alice').get('/api/v1/scoring/rules')).status).toBe(403);
      expect((await client(tenant, 'alice').get('/api/v1/scoring/rules/versions')).status).toBe(403);
      expect((await api(service.url).get('/api/v1/scoring/rules')).status).toBe(401);
    });
  });

  describe('points/me', () => {
    it('sums day, week and month in the tenant time zone and explains every line', async () => {
      const tenant = newTenant();
      clock.set('2026-03-10T23:30:00Z'); // 00:30 on Wednesday 11 March in Amsterdam
      await publish([
        share(tenant, 'alice', '2026-03-10T23:10:00Z'), // 11 March local: today
        share(tenant, 'alice', '2026-03-10T22:50:00Z'), // 10 March local: this week
        share(tenant, 'alice', '2026-03-02T09:00:00Z'), // last week, this month
        share(tenant, 'alice', '2026-02-27T09:00:00Z', { network: 'facebook' }), // last month, 0 points
        share(tenant, 'alice', '2026-02-20T09:00:00Z', {
          contentPublishedAt: '2026-02-20T08:00:00Z',
        }), // last month, early bird
      ]);
      await waitFor(async () => (await ledgerCount(tenant)) === 5);
      const me = await client(tenant, 'alice').get('/api/v1/points/me?limit=2');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        employeeId: 'alice',
        total: 45,
        day: 10,
        week: 20,
        month: 30,
        timeZone: 'Europe/Amsterdam',
        level: { number: 1, name: 'Starter', nextAt: 100 },
        history: { limit: 2, offset: 0, total: 5 },
      });
      expect(me.body.history.items).toHaveLength(2);
      const all = await client(tenant, 'alice').get('/api/v1/points/me?limit=10');
      expect(all.body.history.items.map((line: { explanation: string }) => line.explanation).sort()).toEqual(
        [
          "Shared 'Q3 results' on LinkedIn: 10",
          "Shared 'Q3 results' on LinkedIn: 10",
          "Shared 'Q3 results' on LinkedIn: 10",
          "Shared 'Q3 results' on LinkedIn: 10 × 1.5 early bird = 15",
          'Facebook does not allow rewarding posts: 0',
        ].sort(),
      );
      expect((await client(tenant, 'alice').get('/api/v1/points/me?limit=0')).status).toBe(400);
    });
  });

  describe('adjustments', () => {
    it('records a manual award with its reason and who made it, and emits points.awarded', async () => {
      const tenant = newTenant();
      const admin = client(tenant, 'root', ['admin']);
      const key = randomUUID();
      const created = await admin.post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: 40,
        reason: 'Spoke at the customer event',
        idempotencyKey: key,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        employeeId: 'bob',
        points: 40,
        reason: 'adjustment',
        createdBy: 'root',
        created: true,
        explanation: 'Adjustment by root: Spoke at the customer event: +40',
        occurredAt: '2026-03-10T12:00:00.000Z',
      });
      const retried = await admin.post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: 40,
        reason: 'Spoke at the customer event',
        idempotencyKey: key,
      });
      expect(retried.body).toMatchObject({ entryId: created.body.entryId, created: false });
      const correction = await admin.post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: -15,
        reason: 'Double counted',
      });
      expect(correction.body.explanation).toBe('Adjustment by root: Double counted: -15');
      expect(await ledgerCount(tenant)).toBe(2);
      const me = await client(tenant, 'bob').get('/api/v1/points/me');
      expect(me.body.total).toBe(25);

      const awarded = await waitFor(() => {
        const messages = collector.messages.filter((m) => m.json?.tenantId === tenant);
        return messages.length >= 2 ? messages : undefined;
      });
      expect(awarded.map((m) => m.json.payload.points).sort()).toEqual([-15, 40]);
    });

    it('requires a reason (400) and the admin role (403)', async () => {
      const tenant = newTenant();
      const missing = await client(tenant, 'root', ['admin']).post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: 5,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('reason');
      const zero = await client(tenant, 'root', ['admin']).post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: 0,
        reason: 'nothing',
      });
      expect(zero.status).toBe(400);
      const asCoach = await client(tenant, 'carol', ['coach']).post('/api/v1/points/adjustments', {
        employeeId: 'bob',
        points: 5,
        reason: 'because',
      });
      expect(asCoach.status).toBe(403);
      expect(await ledgerCount(tenant)).toBe(0);
    });
  });

  describe("an advocate's points", () => {
    it('are readable by admins and by the coach while the coaching is accepted', async () => {
      const tenant = newTenant();
      const admin = client(tenant, 'root', ['admin']);
      const coach = client(tenant, 'carol', ['coach']);
      await admin.post('/api/v1/points/adjustments', {
        employeeId: 'dan',
        points: 7,
        reason: 'welcome bonus',
      });
      expect((await admin.get('/api/v1/points/dan')).body.total).toBe(7);
      expect((await client(tenant, 'erin').get('/api/v1/points/dan')).status).toBe(403);
      expect((await coach.get('/api/v1/points/dan')).status).toBe(403);

      const assignmentId = randomUUID();
      const assigned = (status: 'proposed' | 'accepted') =>
        ({
          type: 'coach.assigned',
          tenantId: tenant,
          subject: 'dan',
          payload: { assignmentId, coachId: 'carol', employeeId: 'dan', kind: 'manual', status },
        }) as NewEvent<'coach.assigned'>;
      await publish([assigned('proposed')]);
      await publish([assigned('accepted')]);
      const read = await waitFor(async () => {
        const response = await coach.get('/api/v1/points/dan');
        return response.status === 200 ? response : undefined;
      });
      expect(read.body).toMatchObject({ employeeId: 'dan', total: 7 });
      expect((await coach.get('/api/v1/points/erin')).status).toBe(403);

      await publish([
        {
          type: 'coaching.completed',
          tenantId: tenant,
          subject: 'dan',
          payload: { assignmentId, coachId: 'carol', employeeId: 'dan' },
        },
      ]);
      await waitFor(async () => (await coach.get('/api/v1/points/dan')).status === 403);
      expect((await admin.get('/api/v1/points/nobody')).status).toBe(404);
    });
  });

  describe('ledger export', () => {
    it("streams the tenant's full ledger as NDJSON in ledger order, from a seq on", async () => {
      const tenant = newTenant();
      const other = newTenant();
      const admin = client(tenant, 'root', ['admin']);
      expect((await admin.put('/api/v1/scoring/rules', { dailyCap: null })).status).toBe(200);
      const at = '2026-03-10T12:00:01Z';
      const events: NewEvent<EventType>[] = [];
      for (let i = 0; i < 1100; i += 1) events.push(share(tenant, `emp${i % 7}`, at));
      events.push(share(other, 'emp0', at));
      await publish(events);
      await waitFor(async () => (await ledgerCount(tenant)) === 1100, { timeoutMs: 40_000 });

      const adminToken = infra.token({ tenant, sub: 'root', roles: ['admin'] });
      const full = await exportLedger(adminToken);
      expect(full.status).toBe(200);
      expect(full.type).toContain('application/x-ndjson');
      const lines = full.text
        .trim()
        .split('\n')
        .map((line) => LedgerExportLine.parse(JSON.parse(line)));
      expect(lines).toHaveLength(1100);
      expect(lines.every((line, i) => i === 0 || line.seq > lines[i - 1].seq)).toBe(true);
      expect(lines.reduce((sum, line) => sum + line.points, 0)).toBe(11_000);
      expect(new Set(lines.map((line) => line.entryId)).size).toBe(1100);
      expect(lines[0]).toMatchObject({ ruleVersion: 1, reason: 'share' });

      const rest = await exportLedger(adminToken, `?since=${lines[999].seq}`);
      const restLines = rest.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(restLines.map((line) => line.entryId)).toEqual(lines.slice(1000).map((line) => line.entryId));

      expect((await exportLedger(infra.token({ tenant, sub: 'alice' }))).status).toBe(403);
      expect((await exportLedger(adminToken, '?since=abc')).status).toBe(400);
    });

    it('lets a service read any tenant with a service key, never without the right one', async () => {
      const tenant = newTenant();
      const other = newTenant();
      await publish([
        share(tenant, 'emp1', '2026-03-10T12:00:01Z'),
        share(other, 'emp2', '2026-03-10T12:00:01Z'),
      ]);
      await waitFor(async () => (await ledgerCount(tenant)) === 1 && (await ledgerCount(other)) === 1);
      const read = async (authorization: string, query: string) => {
        const response = await fetch(`${service.url}/api/v1/ledger/export${query}`, {
          headers: { authorization },
        });
        return { status: response.status, text: await response.text() };
      };
      for (const key of [OLD_KEY, NEW_KEY]) {
        const mine = await read(`Service ${key}`, `?tenant=${tenant}`);
        expect(mine.status).toBe(200);
        expect(
          mine.text
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line).employeeId),
        ).toEqual(['emp1']);
      }
      expect((await read(`Service ${NEW_KEY.replace('0002', '0003')}`, `?tenant=${tenant}`)).status).toBe(
        401,
      );
      const noTenant = await read(`Service ${NEW_KEY}`, '');
      expect(noTenant.status).toBe(400);
      expect(JSON.parse(noTenant.text).error.details[0].path).toBe('tenant');
      // A bearer token reads its own tenant only, whatever `tenant` says.
      const adminToken = infra.token({ tenant, sub: 'root', roles: ['admin'] });
      expect((await read(`Bearer ${adminToken}`, `?tenant=${other}`)).status).toBe(403);
      expect((await read(`Bearer ${adminToken}`, `?tenant=${tenant}`)).status).toBe(200);
      expect((await read('', `?tenant=${tenant}`)).status).toBe(401);
    });
  });

  it('documents its endpoints in /openapi.json', async () => {
    const document = await api(service.url).get('/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/scoring/rules',
        '/api/v1/points/me',
        '/api/v1/points/{employeeId}',
        '/api/v1/points/adjustments',
        '/api/v1/ledger/export',
      ]),
    );
  });
});
