import { api, newTenant, startService, StartedService, startTestInfra, TestInfra } from '@advocacy/testing';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';

// The finding of issue 12: the widget put the viewer's full bearer token (any role, admin included)
// in its URL and page HTML. Now it takes a read-only embed key whose secret never reaches a server in
// a URL, and a user token opens no widget at all.
describe('security: the widget embeds with read-only keys, never a user token', () => {
  let infra: TestInfra;
  let leaderboard: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra();
    leaderboard = await startService(createLeaderboard, infra.env);
  });

  afterAll(async () => {
    await leaderboard?.close();
    await infra?.teardown();
  });

  it('serves no widget for a bearer token, and one for an embed key without its secret in the page', async () => {
    const tenant = newTenant();
    const adminToken = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const legacy = await fetch(`${leaderboard.url}/widget?scope=global&period=week&token=${adminToken}`);
    expect(legacy.status).toBeGreaterThanOrEqual(400);
    expect(await legacy.text()).not.toContain(adminToken);

    const minted = await api(leaderboard.url, adminToken).post('/api/v1/embed-keys', {
      name: 'Intranet',
      scope: 'global',
      periods: ['week'],
      allowedOrigins: ['https://intranet.example.com'],
    });
    expect(minted.status).toBe(201);
    const [keyId, secret] = (minted.body.key as string).split('.');
    // what a server sees of the embed URL: the public key id only (the secret is in the fragment)
    const path = (minted.body.embedPath as string).split('#')[0];
    expect(path).toBe(`/widget/${keyId}`);
    const page = await fetch(`${leaderboard.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(adminToken);
    expect(page.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://intranet.example.com",
    );

    // the key is read-only: the API refuses it
    const api401 = await fetch(`${leaderboard.url}/api/v1/embed-keys`, {
      headers: { authorization: `EmbedKey ${minted.body.key as string}` },
    });
    expect(api401.status).toBe(401);
    const stream = await fetch(`${leaderboard.url}/api/v1/leaderboards/global/stream?period=week`, {
      headers: { authorization: `EmbedKey ${minted.body.key as string}` },
    });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });
});
