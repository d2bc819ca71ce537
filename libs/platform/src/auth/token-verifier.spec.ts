import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { loadConfig, BaseEnv, ConfigError } from '../config';
import { AuthEnv, authSettings } from './auth-config';
import { signToken, TokenVerifier } from './token-verifier';

const SECRET = 'unit-test-secret-0123456789';
const ISSUER = 'https://idp.acme.example';

/** A JWKS endpoint whose keys the test rotates, counting how often the verifier fetched it. */
class JwksServer {
  keys: Record<string, unknown>[] = [];
  fetches = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((_request, response) => {
      this.fetches += 1;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
  }

  async publish(kid: string): Promise<KeyObject> {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.keys = [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' }];
    return pair.privateKey;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const es256 = (key: KeyObject, kid: string) =>
  new SignJWT({ tenant: 'acme', roles: ['employee'] })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject('alice')
    .setIssuer(ISSUER)
    .setAudience('advocacy-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);

const verifierFor = (env: Record<string, string>) =>
  new TokenVerifier(authSettings(AuthEnv.parse({ AUTH_JWT_SECRET: SECRET, ...env })));

describe('TokenVerifier', () => {
  const jwks = new JwksServer();
  let jwksUrl: string;

  beforeAll(async () => {
    jwksUrl = await jwks.start();
  });
  afterAll(() => jwks.stop());
  beforeEach(() => {
    jwks.fetches = 0;
  });

  describe('HS256 development tokens', () => {
    it('accepts them outside production', async () => {
      const verifier = verifierFor({ NODE_ENV: 'test' });
      const result = await verifier.verify(signToken({ tenant: 'acme', sub: 'alice' }, SECRET));
      expect(result).toMatchObject({ ok: true, auth: { tenantId: 'acme', employeeId: 'alice' } });
    });

    it('refuses them with NODE_ENV=production even though AUTH_JWT_SECRET is set', async () => {
      const verifier = verifierFor({ NODE_ENV: 'production', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: jwksUrl });
      const result = await verifier.verify(signToken({ tenant: 'acme', sub: 'alice' }, SECRET));
      expect(result).toEqual({ ok: false, reason: 'issuer advocacy-dev is not trusted' });
    });

    it('refuses in production an HS256 token that names the trusted issuer (algorithm confusion)', async () => {
      const verifier = verifierFor({ NODE_ENV: 'production', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: jwksUrl });
      await jwks.publish('one');
      const forged = signToken({ tenant: 'acme', sub: 'alice', roles: ['admin'], issuer: ISSUER }, SECRET);
      expect(await verifier.verify(forged)).toEqual({
        ok: false,
        reason: 'algorithm not allowed for this issuer',
      });
    });

    it('stops a production service whose configuration has no JWKS, naming the variable', () => {
      const env = {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        AUTH_JWT_SECRET: SECRET,
      };
      expect(() => loadConfig(BaseEnv, env)).toThrow(ConfigError);
      expect(() => loadConfig(BaseEnv, env)).toThrow(/AUTH_JWKS_URL: production/);
    });
  });

  describe('JWKS of a trusted issuer', () => {
    it('fetches the key set again when a token names an unknown kid (key rotation)', async () => {
      const verifier = verifierFor({
        NODE_ENV: 'production',
        AUTH_ISSUER: ISSUER,
        AUTH_JWKS_URL: jwksUrl,
        AUTH_JWKS_COOLDOWN_SECONDS: '0',
      });
      const first = await jwks.publish('one');
      expect(await verifier.verify(await es256(first, 'one'))).toMatchObject({ ok: true });
      expect(await verifier.verify(await es256(first, 'one'))).toMatchObject({ ok: true });
      expect(jwks.fetches).toBe(1); // cached

      const rotated = await jwks.publish('two');
      expect(await verifier.verify(await es256(rotated, 'two'))).toMatchObject({
        ok: true,
        auth: { employeeId: 'alice' },
      });
      expect(jwks.fetches).toBe(2); // the unknown kid caused exactly one refetch

      // The retired key is gone from the refreshed set.
      expect(await verifier.verify(await es256(first, 'one'))).toEqual({
        ok: false,
        reason: 'no key of the issuer matches the token (kid)',
      });
    });

    it('refetches at most once per cooldown, so unknown kids cannot hammer the provider', async () => {
      const verifier = verifierFor({
        NODE_ENV: 'production',
        AUTH_ISSUER: ISSUER,
        AUTH_JWKS_URL: jwksUrl,
        AUTH_JWKS_COOLDOWN_SECONDS: '600',
      });
      const first = await jwks.publish('one');
      expect(await verifier.verify(await es256(first, 'one'))).toMatchObject({ ok: true });
      const rogue = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      for (const kid of ['x1', 'x2', 'x3']) {
        expect(await verifier.verify(await es256(rogue, kid))).toMatchObject({ ok: false });
      }
      expect(jwks.fetches).toBe(1);
    });

    it('refuses a token signed with another key under a known kid', async () => {
      const verifier = verifierFor({ NODE_ENV: 'production', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: jwksUrl });
      await jwks.publish('one');
      const rogue = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      expect(await verifier.verify(await es256(rogue, 'one'))).toEqual({
        ok: false,
        reason: 'signature invalid',
      });
    });
  });

  describe('verified tokens kept for AUTH_VERIFIED_TOKEN_CACHE_SECONDS', () => {
    const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
    const cases: {
      name: string;
      cacheSeconds: string;
      expiresInSeconds: number;
      laterSeconds: number;
      verifications: number;
      laterOk: boolean;
    }[] = [
      {
        name: 'again within the cache time',
        cacheSeconds: '60',
        expiresInSeconds: 3600,
        laterSeconds: 30,
        verifications: 1,
        laterOk: true,
      },
      {
        name: 'after the cache time',
        cacheSeconds: '60',
        expiresInSeconds: 3600,
        laterSeconds: 61,
        verifications: 2,
        laterOk: true,
      },
      {
        name: 'with the cache off',
        cacheSeconds: '0',
        expiresInSeconds: 3600,
        laterSeconds: 1,
        verifications: 2,
        laterOk: true,
      },
      // exp in 10 s, skew 60 s: still fine at +65 s from the cache, refused at +71 s by the real check.
      {
        name: 'within exp + skew',
        cacheSeconds: '600',
        expiresInSeconds: 10,
        laterSeconds: 65,
        verifications: 1,
        laterOk: true,
      },
      {
        name: 'past exp + skew',
        cacheSeconds: '600',
        expiresInSeconds: 10,
        laterSeconds: 71,
        verifications: 2,
        laterOk: false,
      },
    ];
    it.each(cases)('$name: $verifications signature check(s), later ok $laterOk', async (c) => {
      const verifier = verifierFor({ NODE_ENV: 'test', AUTH_VERIFIED_TOKEN_CACHE_SECONDS: c.cacheSeconds });
      const checks = jest.spyOn(verifier as unknown as { verifyNow: () => unknown }, 'verifyNow');
      const token = signToken({ tenant: 'acme', sub: 'alice', expiresInSeconds: c.expiresInSeconds }, SECRET);
      const now = new Date();
      expect(await verifier.verify(token, now)).toMatchObject({ ok: true, auth: { employeeId: 'alice' } });
      const later = await verifier.verify(token, at(now, c.laterSeconds));
      expect(later.ok).toBe(c.laterOk);
      if (later.ok) expect(later.auth).toMatchObject({ tenantId: 'acme', employeeId: 'alice', token });
      expect(checks).toHaveBeenCalledTimes(c.verifications);
    });

    it('answers held() without a promise only for a token verified and still fresh', async () => {
      const verifier = verifierFor({ NODE_ENV: 'test', AUTH_VERIFIED_TOKEN_CACHE_SECONDS: '60' });
      const token = signToken({ tenant: 'acme', sub: 'alice' }, SECRET);
      const now = new Date();
      expect(verifier.held(token, now)).toBeUndefined();
      await verifier.verify(token, now);
      expect(verifier.held(token, at(now, 59))).toMatchObject({ ok: true, auth: { employeeId: 'alice' } });
      expect(verifier.held(token, at(now, 61))).toBeUndefined();
    });

    it('keeps no refusal: a bad token is checked every time', async () => {
      const verifier = verifierFor({ NODE_ENV: 'test' });
      const checks = jest.spyOn(verifier as unknown as { verifyNow: () => unknown }, 'verifyNow');
      const forged = signToken({ tenant: 'acme', sub: 'alice' }, 'another-secret-0123456789');
      expect(await verifier.verify(forged)).toEqual({ ok: false, reason: 'signature invalid' });
      expect(await verifier.verify(forged)).toEqual({ ok: false, reason: 'signature invalid' });
      expect(checks).toHaveBeenCalledTimes(2);
    });

    it('hands every caller its own copy of the caller', async () => {
      const verifier = verifierFor({ NODE_ENV: 'test' });
      const token = signToken({ tenant: 'acme', sub: 'alice' }, SECRET);
      const first = await verifier.verify(token);
      if (first.ok) first.auth.tenantId = 'changed';
      expect(await verifier.verify(token)).toMatchObject({ ok: true, auth: { tenantId: 'acme' } });
    });
  });
});
