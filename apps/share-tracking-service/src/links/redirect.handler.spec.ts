import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AuthTokenFactory,
  authSettings,
  DeactivatedAdvocates,
  HttpSecurityEnv,
  loadConfig,
  ManualClock,
  RateLimits,
  signToken,
  TokenVerifier,
} from '@advocacy/platform';
import { Registry } from 'prom-client';
import { ShareTrackingEnv } from '../config';
import { ClickRecorder, PendingClick } from './click-recorder';
import { visitorHash } from './click.rules';
import { LinkCache, ResolvedLink } from './link-cache';
import { LinkTarget } from './link.repository';
import { RedirectHandler } from './redirect.handler';

const SECRET = 'visitor-secret-0123456789';
const AUTH = 'auth-secret-0123456789-0123456789';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36';

const target = (withdrawn = false): LinkTarget => ({
  shareId: '22222222-2222-4222-8222-222222222222',
  tenantId: 'acme',
  employeeId: 'alice',
  teamId: null,
  contentId: '11111111-1111-4111-8111-111111111111',
  campaignId: null,
  network: 'linkedin',
  withdrawn,
  archived: false,
  contentUrl: 'https://example.com/a',
});

/** Links held in memory (peek) or only found by a lookup (resolve). */
class FakeLinks {
  held = new Map<string, ResolvedLink | null>();
  stored = new Map<string, ResolvedLink | null>();
  lookups = 0;
  peek(code: string) {
    return this.held.get(code);
  }
  resolve(code: string) {
    this.lookups += 1;
    return Promise.resolve(this.stored.get(code) ?? null);
  }
}

class FakeResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body = '';
  ended = false;
  writeHead(status: number, headers: Record<string, string>) {
    this.statusCode = status;
    this.headers = headers;
    return this;
  }
  end(body?: Buffer) {
    this.body = body ? body.toString() : '';
    this.ended = true;
  }
}

function setUp() {
  const links = new FakeLinks();
  const recorded: Omit<PendingClick, 'clickId'>[] = [];
  const clicks = { record: (click: Omit<PendingClick, 'clickId'>) => recorded.push(click) };
  const clock = new ManualClock(new Date('2026-03-10T23:30:00Z'));
  const config = loadConfig(ShareTrackingEnv, { VISITOR_HASH_SECRET: SECRET, AUTH_JWT_SECRET: AUTH });
  const handler = new RedirectHandler(
    links as unknown as LinkCache,
    clicks as unknown as ClickRecorder,
    clock,
    new RateLimits(HttpSecurityEnv.parse({ RATE_LIMIT_ENABLED: 'false' })),
    config,
    new AuthTokenFactory(
      new TokenVerifier(authSettings(config)),
      { has: () => false } as unknown as DeactivatedAdvocates,
      AUTH,
    ),
    new Registry(),
  );
  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => {
    const response = new FakeResponse();
    const request = { method, url, headers, socket: { remoteAddress: '127.0.0.1' } };
    const served = handler.serve(
      request as unknown as IncomingMessage,
      response as unknown as ServerResponse,
    );
    return { served, response };
  };
  return { links, recorded, get };
}

const link = (withdrawn = false): ResolvedLink => ({
  target: target(withdrawn),
  location: 'https://example.com/a?utm_source=linkedin',
});

describe('RedirectHandler', () => {
  it('answers a held link at once with a 302 and then records the click', () => {
    const { links, recorded, get } = setUp();
    links.held.set('Abcdefgh1234', link());
    const { served, response } = get('/l/Abcdefgh1234?fbclid=x', {
      'user-agent': CHROME,
      'x-forwarded-for': '203.0.113.7',
    });
    expect(served).toBe(true);
    expect(response.ended).toBe(true);
    expect(response.statusCode).toBe(302);
    expect(response.headers).toMatchObject({
      Location: 'https://example.com/a?utm_source=linkedin',
      'Cache-Control': 'private, no-store',
    });
    expect(links.lookups).toBe(0);
    // the local day in Europe/Amsterdam: 23:30 UTC is already the 11th
    expect(recorded).toEqual([
      expect.objectContaining({
        shareId: target().shareId,
        day: '2026-03-11',
        human: true,
        own: false,
        visitorHash: visitorHash(SECRET, '203.0.113.7', '2026-03-11'),
      }),
    ]);
    expect(JSON.stringify(recorded)).not.toContain('203.0.113.7');
  });

  it('looks a link up when it is not held', async () => {
    const { links, recorded, get } = setUp();
    links.stored.set('Abcdefgh1234', link());
    const { response } = get('/l/Abcdefgh1234/');
    await new Promise((resolve) => setImmediate(resolve));
    expect(response.statusCode).toBe(302);
    expect(links.lookups).toBe(1);
    expect(recorded).toEqual([expect.objectContaining({ human: false })]); // no user agent
  });

  it('answers 404 for unknown and malformed codes and 410 for withdrawn ones, recording nothing', async () => {
    const { links, recorded, get } = setUp();
    links.held.set('Withdrawn123', link(true));
    const malformed = get('/l/not-base-62!!');
    const unknown = get('/l/Unknown12345');
    const withdrawn = get('/l/Withdrawn123');
    await new Promise((resolve) => setImmediate(resolve));
    expect([malformed, unknown, withdrawn].map(({ response }) => response.statusCode)).toEqual([
      404, 404, 410,
    ]);
    expect(withdrawn.response.headers['Content-Type']).toContain('text/html');
    expect(withdrawn.response.body).toContain('Link withdrawn');
    expect(links.lookups).toBe(1); // the malformed code never reaches the cache
    expect(recorded).toEqual([]);
  });

  it("marks the sharer's own click from their token", async () => {
    const { links, recorded, get } = setUp();
    links.held.set('Abcdefgh1234', link());
    const own = signToken({ tenant: 'acme', sub: 'alice' }, AUTH);
    const colleague = signToken({ tenant: 'acme', sub: 'bob' }, AUTH);
    get('/l/Abcdefgh1234', { 'user-agent': CHROME, authorization: `Bearer ${own}` });
    get('/l/Abcdefgh1234', { 'user-agent': CHROME, authorization: `Bearer ${colleague}` });
    get('/l/Abcdefgh1234', { 'user-agent': CHROME, authorization: 'Bearer forged' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // tokens are verified asynchronously
    expect(recorded.map((click) => click.own).sort()).toEqual([false, false, true]);
  });

  it('leaves every other request to express', () => {
    const { get } = setUp();
    expect(get('/l/Abcdefgh1234', {}, 'POST').served).toBe(false);
    expect(get('/l/Abcdefgh1234/more').served).toBe(false);
    expect(get('/l/').served).toBe(false);
    expect(get('/api/v1/shares').served).toBe(false);
    expect(get('/links/Abcdefgh1234').served).toBe(false);
  });
});
