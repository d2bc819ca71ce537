import jwt from 'jsonwebtoken';
import { request as httpRequest } from 'node:http';
import { DEV_TOKEN_DEFAULTS } from '@advocacy/platform';
import {
  api,
  http,
  newTenant,
  startService,
  StartedService,
  startTestInfra,
  TestInfra,
} from '@advocacy/testing';
import { createApp as createContent } from '../../apps/content-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';

/** Sends raw bytes, which fetch would re-encode. */
function rawPost(
  url: string,
  token: string,
  body: Buffer,
  contentType: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': contentType,
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('security: the audit findings of issue 12', () => {
  let infra: TestInfra;
  let content: StartedService;
  let scoring: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra();
    content = await startService(createContent, {
      ...infra.env,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5',
      KAFKA_TOPIC_PREFIX: `${infra.env.KAFKA_TOPIC_PREFIX ?? ''}`,
    });
    scoring = await startService(createScoring, infra.env);
  });

  afterAll(async () => {
    await content?.close();
    await scoring?.close();
    await infra?.teardown();
  });

  const admin = (service: StartedService, tenant = newTenant()) =>
    api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));

  it('refuses a backtracking-only pattern at PUT naming it, and checks (a+)+$ in linear time', async () => {
    const client = admin(content);
    const refused = await client.put('/api/v1/guidelines', {
      rules: { confidentialPatterns: [{ name: 'repeat', pattern: '(a)\\1' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('rules.confidentialPatterns.0.pattern');
    expect(JSON.stringify(refused.body.error.details)).toContain("'repeat'");

    expect(
      (
        await client.put('/api/v1/guidelines', {
          rules: { confidentialPatterns: [{ name: 'evil', pattern: '(a+)+$' }] },
        })
      ).status,
    ).toBe(200);
    // the first check may wait for the pattern worker to load; the cost of the pattern is what counts
    expect((await client.post('/api/v1/guidelines/check', { network: 'x', text: 'warm-up' })).status).toBe(
      200,
    );
    const started = Date.now();
    const checked = await client.post('/api/v1/guidelines/check', {
      network: 'x',
      text: `${'a'.repeat(30)}!`,
    });
    expect(checked.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('caps the findings of a 70 KB check', async () => {
    const client = admin(content);
    expect((await client.put('/api/v1/guidelines', { rules: { blockedTerms: ['x'] } })).status).toBe(200);
    const checked = await client.post('/api/v1/guidelines/check', {
      network: 'linkedin',
      text: 'x '.repeat(34_000),
    });
    expect(checked.status).toBe(200);
    expect(checked.body.truncated).toBe(true);
    expect(checked.text.length).toBeLessThan(100_000);
  });

  it('refuses unknown keys, naming them, instead of dropping them', async () => {
    const rules = await admin(scoring).put('/api/v1/scoring/rules', { sharepoints: 1000 });
    expect(rules.status).toBe(400);
    expect(rules.body.error.message).toContain('sharepoints');
    const guidelines = await admin(content).put('/api/v1/guidelines', {
      rules: { blockedPhrases: ['secret'] },
    });
    expect(guidelines.status).toBe(400);
    expect(guidelines.body.error.message).toContain('rules.blockedPhrases');
  });

  it('refuses NUL and control characters with a 400 naming the field', async () => {
    const created = await admin(content).post('/api/v1/content', {
      title: 'a\u0000b',
      url: 'https://example.com/nul',
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_characters' });
    expect(created.body.error.message).toContain('title');
    const control = await admin(content).post('/api/v1/content', {
      title: 'ok',
      url: 'https://example.com/c',
      summary: 'a\u001bb',
    });
    expect(control.status).toBe(400);
    expect(control.body.error.message).toContain('summary');
  });

  it('accepts only application/json bodies in valid UTF-8', async () => {
    const token = infra.token({ tenant: newTenant(), sub: 'root', roles: ['admin'] });
    const form = await rawPost(
      `${content.url}/api/v1/content`,
      token,
      Buffer.from('title=x&url=https://example.com'),
      'application/x-www-form-urlencoded',
    );
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body).error.code).toBe('unsupported_media_type');
    const invalid = Buffer.concat([
      Buffer.from('{"title":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","url":"https://example.com/u"}'),
    ]);
    const utf8 = await rawPost(`${content.url}/api/v1/content`, token, invalid, 'application/json');
    expect(utf8.status).toBe(400);
    expect(JSON.parse(utf8.body).error.code).toBe('invalid_utf8');
    const big = await rawPost(
      `${content.url}/api/v1/guidelines/acknowledge`,
      token,
      Buffer.from(JSON.stringify({ version: 1, pad: 'x'.repeat(100_000) })),
      'application/json',
    );
    expect(big.status).toBe(413);
  });

  it('refuses a new URL for published content', async () => {
    const tenant = newTenant();
    const adminToken = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const client = admin(content, tenant);
    const item = await client.post('/api/v1/content', { title: 'Launch', url: 'https://example.com/launch' });
    expect(item.status).toBe(201);
    for (const step of ['submit', 'approve', 'publish']) {
      expect((await client.post(`/api/v1/content/${item.body.contentId}/${step}`, {})).status).toBeLessThan(
        300,
      );
    }
    const changed = await http(
      'PATCH',
      `${content.url}/api/v1/content/${item.body.contentId}`,
      { url: 'https://evil.example/' },
      { token: adminToken },
    );
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('published_url_locked');
    const typo = await http(
      'PATCH',
      `${content.url}/api/v1/content/${item.body.contentId}`,
      { titel: 'x' },
      { token: adminToken },
    );
    expect(typo.status).toBe(400);
  });

  it('answers 429 with Retry-After after too many failed sign-ins from one address', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const answer = await http('GET', `${content.url}/api/v1/guidelines`, undefined, {
        token: `bad.token.${attempt}`,
      });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('requires exp on tokens, at most a day of lifetime, with the configured clock tolerance (60 s)', async () => {
    const secret = infra.env.AUTH_JWT_SECRET as string;
    const claims = { sub: 'root', tenant: newTenant(), roles: ['admin'] };
    const now = Math.floor(Date.now() / 1000);
    const statusWith = async (token: string) =>
      (await http('GET', `${scoring.url}/api/v1/scoring/rules`, undefined, { token })).status;
    const sign = (extra: object, options: jwt.SignOptions = {}) =>
      jwt.sign({ ...claims, ...extra }, secret, {
        algorithm: 'HS256',
        issuer: DEV_TOKEN_DEFAULTS.issuer,
        audience: DEV_TOKEN_DEFAULTS.audience,
        ...options,
      });

    expect(await statusWith(sign({}, { expiresIn: 3600 }))).toBe(200);
    expect(await statusWith(sign({}))).toBe(401); // no exp: it would never expire
    expect(await statusWith(sign({}, { expiresIn: 30 * 24 * 3600 }))).toBe(401);
    expect(await statusWith(sign({ iat: now - 3600, exp: now - 10 }))).toBe(200); // within the tolerance
    expect(await statusWith(sign({ iat: now - 3600, exp: now - 120 }))).toBe(401);
  });

  it('sends nosniff and a CSP on JSON and on /docs', async () => {
    for (const path of ['/docs', '/openapi.json']) {
      const answer = await http('GET', `${content.url}${path}`);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
