import { ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, SignJWT } from 'jose';
import { Browser } from 'playwright-core';
import { signToken } from '@advocacy/platform';
import {
  api,
  launchChromium,
  newTenant,
  startService,
  StartedService,
  startTestInfra,
  TEST_JWT_SECRET,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp as createContent } from '../../apps/content-service/src/app';

/**
 * Sign-in through the development OpenID provider in a real browser: the authorization code flow
 * with PKCE (S256), the JWT access token verified by a service through the provider's JWKS, and the
 * tokens a service must refuse. identity-dev runs as its own process from dist/ (`npm run build`,
 * which `npm test` does first): oidc-provider is an ES module that jest's CommonJS runtime cannot load.
 */
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist/apps/identity-dev/src/main.js');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const base64url = (buffer: Buffer) => buffer.toString('base64url');

describe('sign-in through identity-dev (OIDC code flow + PKCE) and token verification', () => {
  let infra: TestInfra;
  let content: StartedService;
  let provider: ChildProcess;
  let browser: Browser;
  let callback: Server;
  let issuer: string;
  let redirectUri: string;
  const codes: URLSearchParams[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}/oidc`;
    // The client's redirect target: a tiny page that only records what the provider sent back.
    callback = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      // Chromium also asks this origin for /favicon.ico after the redirect.
      if (url.pathname === '/auth/callback') codes.push(url.searchParams);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<title>signed in</title>signed in');
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/auth/callback`;
    provider = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        OIDC_ISSUER: issuer,
        OIDC_EXTRA_REDIRECT_URIS: redirectUri,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitFor(
      async () => (await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => null))?.ok ?? false,
      {
        timeoutMs: 20_000,
      },
    );
    infra = await startTestInfra({
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_AUDIENCE: 'advocacy-api',
      AUTH_JWKS_COOLDOWN_SECONDS: '0',
    });
    content = await startService(createContent, infra.env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await content?.close();
    await infra?.teardown();
    provider?.kill('SIGTERM');
    await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
  });

  it('publishes discovery with PKCE S256 and the JWKS', async () => {
    const discovery: any = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer,
      code_challenge_methods_supported: ['S256'],
      jwks_uri: `${issuer}/jwks`,
    });
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'advocacy-web',
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', issuer);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('signs emp-07 in with the code flow in Chromium and calls the API with the access token', async () => {
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const state = base64url(randomBytes(12));
    const authorize = new URL(`${issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'advocacy-web',
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      prompt: 'consent',
    }).toString();

    const page = await browser.newPage();
    await page.goto(authorize.toString());
    expect(await page.getByText('Development identity provider').count()).toBe(1);
    // A wrong password first: the page says so and keeps the user name.
    await page.getByLabel('User name').fill('emp-07');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in and allow' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('wrong password');
    await page.getByLabel('Password').fill('demo');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.toString().startsWith(redirectUri), { timeout: 15_000 });
    await page.close();

    const returned = codes.at(-1) as URLSearchParams;
    expect(returned.get('state')).toBe(state);
    const code = returned.get('code') as string;
    expect(code).toBeTruthy();

    const exchange = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: 'advocacy-web',
        code_verifier: verifier,
      }),
    });
    const tokens: any = await exchange.json();
    expect(exchange.status).toBe(200);
    expect(tokens.refresh_token).toBeTruthy();
    const [header, claims] = (tokens.access_token as string)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({
      iss: issuer,
      aud: 'advocacy-api',
      sub: 'emp-07',
      tenant: 'demo',
      roles: ['employee'],
      team: 'engineering',
    });

    const profile = await api(content.url, tokens.access_token).get('/api/v1/me/profile');
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ employeeId: 'emp-07', teamId: 'engineering' });

    // Silent renewal: the refresh token gives a new access token the API accepts too.
    const refreshed = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: 'advocacy-web',
      }),
    });
    const renewed: any = await refreshed.json();
    expect(refreshed.status).toBe(200);
    expect((await api(content.url, renewed.access_token).get('/api/v1/me/profile')).status).toBe(200);
  });

  describe('tokens a service refuses with 401', () => {
    const tenant = newTenant('auth');
    const rogue = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const rs256 = async (claims: Record<string, unknown>, kid: string, iss: string, exp = '10m') =>
      new SignJWT({ tenant, roles: ['admin'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('mallory')
        .setIssuer(iss)
        .setAudience('advocacy-api')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(rogue);
    const now = () => Math.floor(Date.now() / 1000);

    it.each<[string, () => Promise<string> | string, RegExp]>([
      ['a token from another issuer', () => rs256({}, 'k1', 'https://evil.example/oidc'), /not trusted/],
      [
        'a token signed by a key the JWKS does not have (unknown kid)',
        () => rs256({}, 'rogue-kid', issuer),
        /kid/,
      ],
      [
        'an expired token',
        () => signToken({ tenant, sub: 'alice', expiresInSeconds: -3600 }, TEST_JWT_SECRET),
        /expired/,
      ],
      [
        'a token without exp',
        async () =>
          new SignJWT({ tenant, roles: ['employee'] })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('alice')
            .setIssuer('advocacy-dev')
            .setAudience('advocacy-api')
            .setIssuedAt()
            .sign(Buffer.from(TEST_JWT_SECRET)),
        /exp/,
      ],
      [
        'a token for another audience',
        () => signToken({ tenant, sub: 'alice', audience: 'some-other-api' }, TEST_JWT_SECRET),
        /aud/,
      ],
      [
        'a token living longer than the maximum lifetime',
        async () =>
          new SignJWT({ tenant, roles: ['employee'] })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('alice')
            .setIssuer('advocacy-dev')
            .setAudience('advocacy-api')
            .setIssuedAt(now())
            .setExpirationTime(now() + 30 * 86400)
            .sign(Buffer.from(TEST_JWT_SECRET)),
        /lifetime/,
      ],
    ])('%s', async (_name, make, reason) => {
      const response = await api(content.url, await make()).get('/api/v1/me/profile');
      expect(response.status).toBe(401);
      expect(response.body.error.message).toMatch(reason);
    });

    it('still accepts an HS256 development token beside the JWKS issuer (not in production)', async () => {
      const token = signToken({ tenant, sub: 'alice' }, TEST_JWT_SECRET);
      expect((await api(content.url, token).get('/api/v1/me/profile')).status).toBe(200);
    });

    it('accepts a rotated key of a trusted issuer once its JWKS has it', async () => {
      // A JWKS we control, trusted as a second issuer: rotate its key and sign with the new one.
      const keys: Record<string, unknown>[] = [];
      const jwks = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
      });
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
      const second = await startService(createContent, {
        ...infra.env,
        AUTH_ISSUERS: JSON.stringify([
          {
            issuer: 'https://idp.acme.example',
            jwksUrl,
            claims: {
              tenant,
              subjectClaim: 'preferred_username',
              roleClaims: ['groups'],
              roleMap: { 'Advocacy Admins': 'admin' },
            },
          },
        ]),
      });
      try {
        const firstPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const first = firstPair.privateKey;
        keys.push({ ...(await exportJWK(firstPair.publicKey)), kid: 'one', alg: 'ES256', use: 'sig' });
        const sign = (key: typeof first, kid: string) =>
          new SignJWT({ preferred_username: 'bob', groups: ['Advocacy Admins'] })
            .setProtectedHeader({ alg: 'ES256', kid })
            .setSubject('00u-okta-id')
            .setIssuer('https://idp.acme.example')
            .setAudience('advocacy-api')
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(key);
        const asOne = await api(second.url, await sign(first, 'one')).get('/api/v1/me/profile');
        expect(asOne.body.error?.message ?? '').toBe('');
        expect(asOne.status).toBe(200);
        expect(asOne.body.employeeId).toBe('bob');
        // An admin-only route passes: the group was mapped to our admin role.
        expect((await api(second.url, await sign(first, 'one')).post('/api/v1/scim/token')).status).toBe(201);

        const rotatedPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const rotated = rotatedPair.privateKey;
        const before = await api(second.url, await sign(rotated, 'two')).get('/api/v1/me/profile');
        expect(before.status).toBe(401);
        keys.splice(0, keys.length, {
          ...(await exportJWK(rotatedPair.publicKey)),
          kid: 'two',
          alg: 'ES256',
          use: 'sig',
        });
        const after = await api(second.url, await sign(rotated, 'two')).get('/api/v1/me/profile');
        expect(after.status).toBe(200);
      } finally {
        await second.close();
        jwks.close();
      }
    });
  });
});
