import {
  api,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { LiveService } from '../src/live/live.service';
import { deleteTenantKeys, openEventStream, pointsEvent } from './helpers';

describe('embed keys', () => {
  let infra: TestInfra;
  let replicaA: StartedService;
  let replicaB: StartedService;
  let redis: Redis;
  let db: Client;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];
  const streams: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    infra = await startTestInfra({ SSE_HEARTBEAT_MS: '60000', SSE_COALESCE_MS: '100' });
    replicaA = await startService(createApp, infra.env, { clock });
    // consumes nothing: it learns of a revocation only through Redis
    replicaB = await startService(createApp, { ...infra.env, CONSUMERS_ENABLED: 'false' }, { clock });
    redis = new Redis(infra.env.REDIS_URL as string);
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    for (const stream of streams) await stream.close();
    for (const tenant of tenants) await deleteTenantKeys(redis, tenant);
    redis?.disconnect();
    await db?.end();
    await replicaA?.close();
    await replicaB?.close();
    await infra?.teardown();
  });

  const tenant = () => {
    const t = newTenant('embed');
    tenants.push(t);
    return t;
  };
  const adminOf = (t: string) => api(replicaA.url, infra.token({ tenant: t, sub: 'root', roles: ['admin'] }));
  const open = async (url: string, key: string) => {
    const stream = await openEventStream(url, { authorization: `EmbedKey ${key}` });
    streams.push(stream);
    return stream;
  };

  /** A stream request that must be refused: its status and error body. */
  const refused = async (url: string, key: string) => {
    const response = await fetch(url, { headers: { authorization: `EmbedKey ${key}` } });
    const body = (await response.json()) as { error: { code: string; message: string } };
    return { status: response.status, error: body.error };
  };

  it('mints, lists and revokes; stores only a hash of the secret; employees may not mint', async () => {
    const t = tenant();
    const admin = adminOf(t);
    const minted = await admin.post('/api/v1/embed-keys', {
      name: 'Lobby screen',
      scope: 'global',
      periods: ['week', 'month'],
      allowedOrigins: ['https://intranet.example.com'],
    });
    expect(minted.status).toBe(201);
    const secret = (minted.body.key as string).split('.')[1];
    expect(minted.body).toMatchObject({
      name: 'Lobby screen',
      scope: 'global',
      periods: ['week', 'month'],
      allowedOrigins: ['https://intranet.example.com'],
      createdBy: 'root',
      revokedAt: null,
      embedPath: `/widget/${minted.body.keyId}#key=${secret}`,
    });
    expect(minted.body.key).toBe(`${minted.body.keyId}.${secret}`);
    expect(secret.length).toBeGreaterThanOrEqual(43);

    const stored = await db.query(
      'SELECT encode(secret_sha256, $2) AS hash, row_to_json(k)::text AS row FROM leaderboard.embed_keys k WHERE key_id = $1',
      [minted.body.keyId, 'hex'],
    );
    expect(stored.rows[0].row).not.toContain(secret);
    expect(stored.rows[0].hash).toHaveLength(64);

    const listed = await admin.get('/api/v1/embed-keys');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ keyId: minted.body.keyId, revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // another tenant's admin neither sees nor revokes it
    const other = adminOf(tenant());
    expect((await other.get('/api/v1/embed-keys')).body.items).toEqual([]);
    expect((await other.delete(`/api/v1/embed-keys/${minted.body.keyId}`)).status).toBe(404);

    const employee = api(replicaA.url, infra.token({ tenant: t, sub: 'amy' }));
    expect(
      (await employee.post('/api/v1/embed-keys', { name: 'x', scope: 'global', periods: ['week'] })).status,
    ).toBe(403);

    expect((await admin.delete(`/api/v1/embed-keys/${minted.body.keyId}`)).status).toBe(204);
    const after = await admin.get('/api/v1/embed-keys');
    expect(after.body.items[0].revokedAt).toEqual(expect.any(String));
  });

  it('refuses bad key requests naming the field', async () => {
    const admin = adminOf(tenant());
    const cases: [unknown, string][] = [
      [{ name: 'x', scope: 'everyone', periods: ['week'] }, 'scope'],
      [{ name: 'x', scope: 'global', periods: [] }, 'periods'],
      [{ name: 'x', scope: 'global', periods: ['week', 'week'] }, 'periods'],
      [
        { name: 'x', scope: 'global', periods: ['week'], allowedOrigins: ['https://a.example/path'] },
        'allowedOrigins.0',
      ],
      [
        {
          name: 'x',
          scope: 'global',
          periods: ['week'],
          allowedOrigins: ['https://a.example; script-src *'],
        },
        'allowedOrigins.0',
      ],
      [{ name: 'x', scope: 'global', periods: ['week'], tenant: 'other' }, 'tenant'],
    ];
    for (const [body, field] of cases) {
      const answer = await admin.post('/api/v1/embed-keys', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toContain(field);
    }
  });

  it('streams its board; refuses another scope or period with 403 naming why; a revoked key gets 401 and its open streams end', async () => {
    const t = tenant();
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10), pointsEvent(t, 'bob', 5)]);
    const admin = adminOf(t);
    await waitFor(async () => (await admin.get('/api/v1/leaderboards/global')).body.total === 2);
    const minted = await admin.post('/api/v1/embed-keys', { name: 'TV', scope: 'global', periods: ['all'] });
    const key = minted.body.key as string;

    const streamA = await open(`${replicaA.url}/api/v1/leaderboards/global/stream?period=all`, key);
    const streamB = await open(`${replicaB.url}/api/v1/leaderboards/global/stream?period=all`, key);
    expect(streamA.status).toBe(200);
    const snapshot = await waitFor(() => streamA.events.find((event) => event.event === 'snapshot'));
    expect(snapshot.data.entries.map((entry: { employeeId: string }) => entry.employeeId)).toEqual([
      'amy',
      'bob',
    ]);
    expect(snapshot.data.me).toBeNull();
    await waitFor(() => streamB.events.find((event) => event.event === 'snapshot'));

    const base = `${replicaA.url}/api/v1/leaderboards`;
    const scope = await refused(`${base}/team:sales/stream?period=all`, key);
    expect(scope.status).toBe(403);
    expect(scope.error.code).toBe('embed_key_scope');
    expect(scope.error.message).toContain('team:sales');
    const period = await refused(`${base}/global/stream?period=week`, key);
    expect(period.status).toBe(403);
    expect(period.error.code).toBe('embed_key_period');
    expect(period.error.message).toContain('week');
    const wrongSecret = await refused(
      `${base}/global/stream?period=all`,
      `${minted.body.keyId}.${'x'.repeat(43)}`,
    );
    expect(wrongSecret.status).toBe(401);

    expect((await admin.delete(`/api/v1/embed-keys/${minted.body.keyId}`)).status).toBe(204);
    await waitFor(() => streamA.ended() && streamB.ended(), { message: 'both streams ended' });
    expect(streamA.raw()).toContain('event: revoked');
    expect(streamB.raw()).toContain('event: revoked');

    const again = await refused(`${base}/global/stream?period=all`, key);
    expect(again.status).toBe(401);
    expect(again.error.message).toContain('revoked');
    expect((await fetch(`${replicaA.url}/widget/${minted.body.keyId}`)).status).toBe(401);
    await waitFor(() => replicaB.app.get(LiveService).stats().embedKeys === 0, {
      message: 'no revocation listener left',
    });
  });

  it('serves the widget by key id with frame-ancestors from the allowed origins', async () => {
    const admin = adminOf(tenant());
    const framed = await admin.post('/api/v1/embed-keys', {
      name: 'Intranet',
      scope: 'teams',
      periods: ['week', 'month'],
      allowedOrigins: ['https://intranet.example.com', 'http://screens.example.com:8080'],
    });
    const page = await fetch(`${replicaA.url}/widget/${framed.body.keyId}?period=month`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(
      /frame-ancestors 'self' https:\/\/intranet\.example\.com http:\/\/screens\.example\.com:8080$/,
    );
    expect(page.headers.get('x-frame-options')).toBeNull();
    const html = await page.text();
    expect(html).toContain('scope="teams"');
    expect(html).toContain('period="month"');
    expect(html).not.toContain((framed.body.key as string).split('.')[1]);

    const plain = await admin.post('/api/v1/embed-keys', { name: 'TV', scope: 'global', periods: ['day'] });
    const own = await fetch(`${replicaA.url}/widget/${plain.body.keyId}`);
    expect(own.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
    expect(await own.text()).toContain('period="day"');

    const wrongPeriod = await fetch(`${replicaA.url}/widget/${plain.body.keyId}?period=week`);
    expect(wrongPeriod.status).toBe(403);
    expect(((await wrongPeriod.json()) as { error: { code: string } }).error.code).toBe('embed_key_period');
    expect((await fetch(`${replicaA.url}/widget/ek_AAAAAAAAAAAAAAAA`)).status).toBe(404);
  });
});
