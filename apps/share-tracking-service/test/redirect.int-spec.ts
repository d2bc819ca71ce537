import { ManualClock } from '@advocacy/platform';
import {
  api,
  collectTopic,
  newTenant,
  startService,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { connectTestDb, publishContent, rowsOf } from './support';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const LINKEDIN_BOT = 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)';

describe('the public redirect', () => {
  // The test client plays the edge proxy on loopback: its X-Forwarded-For is believed here.
  const setUp = useTestSetUp({ CLICK_BURST_CAP: '3', TRUST_PROXY: 'loopback' });
  let infra: TestInfra;
  let service: StartedService;
  let db: Client;
  let clickTopic: Awaited<ReturnType<typeof collectTopic>>;
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    db = setUp.release(await connectTestDb(infra), (client) => client.end());
    clickTopic = await setUp.collect('click.v1');
  });

  beforeEach(() => clock.set('2026-03-10T10:00:00Z'));

  async function shareOf(tenant: string, options: { campaignId?: string | null; url?: string } = {}) {
    const [contentId] = await publishContent(infra, db, tenant, [options]);
    const token = infra.token({ tenant, sub: 'alice' });
    const share = await api(service.url, token).post('/api/v1/shares', { contentId, network: 'linkedin' });
    expect(share.status).toBe(201);
    const cookie = (share.headers.get('set-cookie') ?? '').split(';')[0];
    return {
      contentId,
      token,
      cookie,
      shareId: share.body.shareId as string,
      code: share.body.linkCode as string,
    };
  }

  /** A visit from an address and browser; advances the clock by a second so visits are ordered. */
  async function visit(code: string, ip: string, userAgent: string, token?: string, cookie?: string) {
    const response = await api(service.url, token).get(`/l/${code}`, {
      headers: { 'x-forwarded-for': ip, 'user-agent': userAgent, ...(cookie ? { cookie } : {}) },
    });
    clock.advance(1000);
    return response;
  }

  async function clicksOf(shareId: string, count: number) {
    const events = await waitFor(() => {
      const found = clickTopic.messages
        .filter((m) => m.json?.type === 'link.clicked' && m.json.payload.shareId === shareId)
        .map((m) => m.json);
      return found.length >= count ? found : undefined;
    });
    expect(events).toHaveLength(count);
    return events
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
      .map((event) => ({
        unique: event.payload.unique,
        human: event.payload.human,
        own: event.payload.own,
        capped: event.payload.capped,
      }));
  }

  it('answers 302 to the content URL with UTM parameters merged into its query', async () => {
    const tenant = newTenant();
    const withCampaign = await shareOf(tenant, {
      campaignId: 'spring',
      url: 'https://example.com/a?ref=news&utm_source=old',
    });
    const withoutCampaign = await shareOf(tenant, { url: 'https://example.com/b' });

    const first = await visit(withCampaign.code, '198.51.100.1', CHROME);
    const second = await visit(withoutCampaign.code, '198.51.100.1', CHROME);

    expect(first.status).toBe(302);
    expect(first.headers.get('cache-control')).toContain('no-store');
    expect(first.headers.get('location')).toBe(
      `https://example.com/a?ref=news&utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=spring&utm_content=${withCampaign.shareId}`,
    );
    expect(second.headers.get('location')).toBe(
      `https://example.com/b?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=${withoutCampaign.contentId}&utm_content=${withoutCampaign.shareId}`,
    );
    const [event] = await waitFor(() => {
      const found = clickTopic.messages.filter((m) => m.json?.payload?.shareId === withCampaign.shareId);
      return found.length > 0 ? found.map((m) => m.json) : undefined;
    });
    expect(event).toMatchObject({
      type: 'link.clicked',
      tenantId: tenant,
      key: `${tenant}:alice`,
      payload: {
        shareId: withCampaign.shareId,
        employeeId: 'alice',
        contentId: withCampaign.contentId,
        campaignId: 'spring',
        network: 'linkedin',
        unique: true,
        human: true,
      },
    });
  });

  it('answers 404 with a small page for unknown and malformed codes', async () => {
    for (const code of ['Zz9Zz9Zz9Zz9', 'short', 'not-base-62!!']) {
      const response = await api(service.url).get(`/l/${encodeURIComponent(code)}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.text).toContain('Link not found');
    }
  });

  it('counts a visitor once per share per day; bots and the sharer never', async () => {
    const tenant = newTenant();
    const { shareId, code, token, cookie } = await shareOf(tenant);
    expect(cookie).toMatch(/^adv_sharer=/);

    await visit(code, '203.0.113.7', CHROME); // A, day 1: unique
    await visit(code, '203.0.113.7', CHROME); // A again: not unique
    await visit(code, '203.0.113.8', CHROME); // B: unique
    await visit(code, '203.0.113.7', FIREFOX); // another user agent from A's address is still A
    await visit(code, '203.0.113.9', LINKEDIN_BOT); // link preview: not human, not unique
    await visit(code, '203.0.113.10', 'Twitterbot/1.0'); // not human
    await visit(code, '203.0.113.11', CHROME, token); // the sharer with their token: own, not unique
    await visit(code, '203.0.113.12', CHROME, undefined, cookie); // the sharer's browser: own, not unique
    clock.set('2026-03-11T10:00:00Z');
    await visit(code, '203.0.113.7', CHROME); // A on day 2: unique again
    await visit(code, '203.0.113.7', CHROME); // and not twice

    expect(await clicksOf(shareId, 10)).toEqual([
      { unique: true, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: false },
      { unique: true, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: false },
      { unique: false, human: false, own: false, capped: false },
      { unique: false, human: false, own: false, capped: false },
      { unique: false, human: true, own: true, capped: false },
      { unique: false, human: true, own: true, capped: false },
      { unique: true, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: false },
    ]);
    const stored = await rowsOf(db, 'SELECT * FROM tracking.clicks WHERE share_id = $1', [shareId]);
    expect(stored).toHaveLength(10);
    // privacy: no address is stored, in the rows or in the events
    expect(JSON.stringify(stored)).not.toContain('203.0.113');
    expect(JSON.stringify(clickTopic.messages.map((m) => m.json))).not.toContain('203.0.113');
  });

  it('caps a burst of clicks from one visitor and flags the click it had counted, once', async () => {
    const tenant = newTenant();
    const { shareId, code } = await shareOf(tenant);
    for (let index = 0; index < 5; index += 1) await visit(code, '192.0.2.50', CHROME); // cap is 3 per minute
    clock.advance(60_000);
    await visit(code, '192.0.2.50', CHROME); // the window has passed
    await visit(code, '192.0.2.51', CHROME); // someone else is not affected

    expect(await clicksOf(shareId, 7)).toEqual([
      { unique: true, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: false },
      { unique: false, human: true, own: false, capped: true },
      { unique: false, human: true, own: false, capped: true },
      { unique: false, human: true, own: false, capped: false },
      { unique: true, human: true, own: false, capped: false },
    ]);
    const clicked = clickTopic.messages.filter(
      (m) => m.json?.type === 'link.clicked' && m.json.payload.shareId === shareId,
    );
    const firstUnique = clicked.find((m) => m.json.payload.unique)!.json;
    const flagged = clickTopic.messages
      .filter((m) => m.json?.type === 'link.click-flagged' && m.json.payload.shareId === shareId)
      .map((m) => m.json);
    // Written to the outbox before the later clicks, on their partition: it is on the topic by now.
    expect(flagged).toEqual([
      expect.objectContaining({
        key: `${tenant}:alice`,
        payload: {
          clickId: firstUnique.payload.clickId,
          shareId,
          employeeId: 'alice',
          reason: 'burst: more than 3 clicks from one visitor within a minute',
        },
      }),
    ]);
    const [row] = await rowsOf(db, 'SELECT flagged_at FROM tracking.clicks WHERE click_id = $1', [
      firstUnique.payload.clickId,
    ]);
    // the moment the burst was recognised: the first capped click, or the second if both flushed together
    const flaggedAfter = (row.flagged_at as Date).getTime() - Date.parse(firstUnique.occurredAt);
    expect([3000, 4000]).toContain(flaggedAfter);
  });

  it('writes the clicks still buffered when the service shuts down', async () => {
    const tenant = newTenant();
    const { shareId, code } = await shareOf(tenant);
    // a flush interval far beyond the test: only the shutdown flush can write these clicks
    const lazy = await startService(
      createApp,
      { ...infra.env, CLICK_FLUSH_MS: '10000', CONSUMERS_ENABLED: 'false' },
      { clock },
    );
    try {
      for (const ip of ['192.0.2.70', '192.0.2.71', '192.0.2.72']) {
        expect(
          (
            await api(lazy.url).get(`/l/${code}`, {
              headers: { 'x-forwarded-for': ip, 'user-agent': CHROME },
            })
          ).status,
        ).toBe(302);
      }
      expect(await rowsOf(db, 'SELECT 1 FROM tracking.clicks WHERE share_id = $1', [shareId])).toHaveLength(
        0,
      );
    } finally {
      await lazy.close();
    }
    expect(await rowsOf(db, 'SELECT 1 FROM tracking.clicks WHERE share_id = $1', [shareId])).toHaveLength(3);
    expect((await clicksOf(shareId, 3)).map((click) => click.unique)).toEqual([true, true, true]);
  });

  it('without a configured proxy, varying X-Forwarded-For and the user agent mints no unique clicks', async () => {
    const tenant = newTenant();
    const { shareId, code } = await shareOf(tenant);
    const direct = await startService(
      createApp,
      { ...infra.env, TRUST_PROXY: 'false', CONSUMERS_ENABLED: 'false' },
      { clock },
    );
    try {
      for (let index = 0; index < 12; index += 1) {
        const response = await api(direct.url).get(`/l/${code}`, {
          headers: {
            'x-forwarded-for': `198.51.100.${index + 1}`,
            'user-agent': `${CHROME} variant/${index}`,
          },
        });
        expect(response.status).toBe(302);
        clock.advance(10_000);
      }
    } finally {
      await direct.close();
    }
    const clicks = await clicksOf(shareId, 12);
    expect(clicks.filter((click) => click.unique)).toHaveLength(1);
  });

  it('does not believe a forged or foreign sharer cookie', async () => {
    const tenant = newTenant();
    const alice = await shareOf(tenant);
    const bobToken = infra.token({ tenant, sub: 'bob' });
    const bobShare = await api(service.url, bobToken).post('/api/v1/shares', {
      contentId: alice.contentId,
      network: 'linkedin',
    });
    const bobCookie = (bobShare.headers.get('set-cookie') ?? '').split(';')[0];
    await visit(alice.code, '192.0.2.90', CHROME, undefined, bobCookie); // bob's browser: a real visitor
    await visit(alice.code, '192.0.2.91', CHROME, undefined, `${alice.cookie.slice(0, -4)}AAAA`); // forged
    expect(await clicksOf(alice.shareId, 2)).toEqual([
      { unique: true, human: true, own: false, capped: false },
      { unique: true, human: true, own: false, capped: false },
    ]);
  });
});
