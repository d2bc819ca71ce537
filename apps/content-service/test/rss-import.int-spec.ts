import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ManualClock } from '@advocacy/platform';
import { api, newTenant, startService, StartedService, TestInfra, startTestInfra } from '@advocacy/testing';
import { createApp } from '../src/app';
import { SourcesService } from '../src/sources/sources.service';

const rssItem = (title: string, link: string) =>
  `<item><title>${title}</title><link>${link}</link><description>About ${title}</description></item>`;

describe('content service: RSS and Atom curation sources', () => {
  let infra: TestInfra;
  let service: StartedService;
  let feeds: Server;
  let base: string;
  const clock = new ManualClock(new Date('2026-03-10T10:00:00Z'));
  const documents = new Map<string, string>();

  beforeAll(async () => {
    feeds = createServer((request, response) => {
      if (request.url?.endsWith('/slow.xml')) return; // never answers: the poller must time out
      if (request.url?.endsWith('/to-localhost.xml')) {
        // localhost is not on the allow-list, only 127.0.0.1 is: the hop must be refused
        const port = (feeds.address() as AddressInfo).port;
        response.writeHead(302, {
          location: `http://localhost:${port}${request.url.replace('to-localhost', 'rss')}`,
        });
        response.end();
        return;
      }
      const body = documents.get(request.url ?? '');
      if (body === undefined) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    });
    await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
    infra = await startTestInfra();
    service = await startService(
      createApp,
      { ...infra.env, RSS_FETCH_TIMEOUT_MS: '300', OUTBOUND_ALLOW_HOSTS: '127.0.0.1' },
      { clock },
    );
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
    feeds.closeAllConnections();
    await new Promise((resolve) => feeds.close(resolve));
  });

  it('imports new RSS and Atom entries as drafts, deduplicated by link, on every due poll', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const editor = api(service.url, infra.token({ tenant, sub: 'erin', roles: ['editor'] }));
    const employee = api(service.url, infra.token({ tenant, sub: 'emma', roles: ['employee'] }));
    const rss = `/${tenant}/rss.xml`;
    const atom = `/${tenant}/atom.xml`;
    const items = [
      rssItem('Quarterly results', 'https://example.com/q1'),
      rssItem('New hires', 'https://example.com/hires'),
      rssItem('Evil', 'javascript:alert(1)'),
    ];
    documents.set(
      rss,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>${items.join('')}</channel></rss>`,
    );
    documents.set(
      atom,
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
        <entry><title>New hires (again)</title><link href="https://example.com/hires"/></entry>
        <entry><title>Product launch</title><link rel="alternate" href="https://example.com/launch"/><summary>Big day</summary></entry>
      </feed>`,
    );

    expect((await employee.post('/api/v1/sources', { url: base + rss })).status).toBe(403);
    const invalid = await admin.post('/api/v1/sources', { url: 'javascript:alert(1)' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('url');
    expect((await admin.post('/api/v1/sources', { url: base + rss, topics: ['news'] })).status).toBe(201);
    expect((await admin.post('/api/v1/sources', { url: base + atom })).status).toBe(201);
    expect((await admin.post('/api/v1/sources', { url: base + rss })).status).toBe(409);
    expect((await admin.post('/api/v1/sources', { url: `${base}/${tenant}/missing.xml` })).status).toBe(201);

    const sources = service.app.get(SourcesService);
    expect(await sources.runRssPolling({ tenants: [tenant] })).toEqual({ polled: 3, imported: 3, failed: 1 });

    const drafts = await editor.get('/api/v1/content?status=draft');
    expect(drafts.status).toBe(200);
    const byUrl = new Map(drafts.body.items.map((item: { url: string }) => [item.url, item]));
    expect([...byUrl.keys()].sort()).toEqual([
      'https://example.com/hires',
      'https://example.com/launch',
      'https://example.com/q1',
    ]);
    expect(byUrl.get('https://example.com/q1')).toMatchObject({
      title: 'Quarterly results',
      summary: 'About Quarterly results',
      status: 'draft',
      topics: ['news'],
      createdBy: 'root',
    });
    // both feeds carry this link; whichever was polled first created the one draft
    expect(['New hires', 'New hires (again)']).toContain(
      (byUrl.get('https://example.com/hires') as { title: string }).title,
    );

    // not due again until the poll interval passed
    expect(await sources.runRssPolling({ tenants: [tenant] })).toEqual({ polled: 0, imported: 0, failed: 0 });

    documents.set(
      rss,
      `<rss><channel>${[...items, rssItem('Summer party', 'https://example.com/party')].join('')}</channel></rss>`,
    );
    clock.advance(16 * 60_000);
    expect(await sources.runRssPolling({ tenants: [tenant] })).toEqual({ polled: 3, imported: 1, failed: 1 });
    expect((await editor.get('/api/v1/content?status=draft')).body.items).toHaveLength(4);

    const listed = await admin.get('/api/v1/sources');
    const missing = listed.body.sources.find((source: { url: string }) => source.url.endsWith('missing.xml'));
    expect(missing.lastError).toBe('http_status_404');
    const imported = listed.body.sources.map((source: { imported: number }) => source.imported);
    expect(imported.reduce((sum: number, count: number) => sum + count, 0)).toBe(4);
    expect(
      listed.body.sources.filter((source: { lastError: string | null }) => source.lastError === null),
    ).toHaveLength(2);

    const other = api(service.url, infra.token({ tenant: newTenant(), sub: 'root', roles: ['admin'] }));
    expect((await other.get('/api/v1/sources')).body.sources).toEqual([]);
    expect((await other.get('/api/v1/content')).body.items).toEqual([]);
  });

  it('gives up on a feed that does not answer within RSS_FETCH_TIMEOUT_MS and records why', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    expect((await admin.post('/api/v1/sources', { url: `${base}/${tenant}/slow.xml` })).status).toBe(201);
    const started = Date.now();
    expect(await service.app.get(SourcesService).runRssPolling({ tenants: [tenant] })).toEqual({
      polled: 1,
      imported: 0,
      failed: 1,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const [source] = (await admin.get('/api/v1/sources')).body.sources;
    expect(source.lastError).toBe('timeout');
  });

  it('refuses internal addresses, also behind a redirect, and never shows the credentials of a feed URL', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    documents.set(
      `/${tenant}/rss.xml`,
      `<rss><channel>${rssItem('Inside', 'https://example.com/in')}</channel></rss>`,
    );
    const secretUrl = base.replace('http://', 'http://reader:s3cret@') + `/${tenant}/missing.xml`;
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${new URL(service.url).port}/metrics`,
    ]) {
      const refused = await admin.post('/api/v1/sources', { url });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'blocked_address' });
    }
    for (const url of [`${base}/${tenant}/to-localhost.xml`, secretUrl]) {
      expect((await admin.post('/api/v1/sources', { url })).status).toBe(201);
    }
    expect(await service.app.get(SourcesService).runRssPolling({ tenants: [tenant] })).toEqual({
      polled: 2,
      imported: 0,
      failed: 2,
    });
    const listed = await admin.get('/api/v1/sources');
    const errors = new Map(
      listed.body.sources.map((source: { url: string; lastError: string }) => [source.url, source.lastError]),
    );
    expect(errors.get(`${base}/${tenant}/to-localhost.xml`)).toBe('blocked_address');
    expect(errors.get(secretUrl.replace('s3cret', '***'))).toBe('http_status_404');
    expect(JSON.stringify(listed.body)).not.toContain('s3cret');
  });
});
