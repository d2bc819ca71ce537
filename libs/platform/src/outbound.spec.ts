import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  assertOutboundUrl,
  guardedFetch,
  isBlockedAddress,
  OutboundEnv,
  OutboundError,
  redactUrl,
  Resolver,
} from './outbound';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function serve(host: string, handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true], // cloud metadata
    ['100.64.0.1', true], // CGNAT
    ['100.100.100.200', true], // Alibaba metadata, inside CGNAT
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['192.0.2.10', true], // documentation range
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00:ec2::254', true], // AWS IPv6 metadata, unique-local
    ['fc00::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true], // IPv4-mapped loopback
    ['::ffff:169.254.169.254', true],
    ['64:ff9b::a9fe:a9fe', true], // NAT64 of 169.254.169.254
    ['2002:7f00:1::', true], // 6to4 of 127.0.0.1
    ['not an address', true],
    ['93.184.215.14', false],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', false],
    ['::ffff:8.8.8.8', false],
  ])('%s → blocked %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://bob:s3cret@feeds.example.com/rss?token=abc', 'https://bob:***@feeds.example.com/rss?token=***'],
    ['https://feeds.example.com/rss', 'https://feeds.example.com/rss'],
    ['::', '(invalid url)'],
  ])('%s → %s', (raw, redacted) => {
    expect(redactUrl(raw)).toBe(redacted);
  });
});

describe('assertOutboundUrl', () => {
  it.each([
    ['https://feeds.example.com/rss', [], null],
    ['http://169.254.169.254/latest', [], 'blocked_address'],
    ['http://[::ffff:10.0.0.1]/', [], 'blocked_address'],
    ['http://localhost:3003/metrics', [], 'blocked_address'],
    ['http://127.0.0.1:3003/metrics', [], 'blocked_address'],
    ['http://127.0.0.1:3003/metrics', ['127.0.0.1'], null],
    ['http://10.1.2.3/', ['10.0.0.0/8'], null],
    ['ftp://feeds.example.com/', [], 'blocked_scheme'],
    ['not a url', [], 'invalid_url'],
  ])('%s with allow-list %j → %s', (url, allowHosts, code) => {
    let thrown: string | null = null;
    try {
      assertOutboundUrl(url, { allowHosts });
    } catch (error) {
      thrown = error instanceof OutboundError ? error.code : String(error);
    }
    expect(thrown).toBe(code);
  });
});

describe('OutboundEnv', () => {
  it('parses the allow-list and refuses what is neither a host, an address nor a range', () => {
    expect(
      OutboundEnv.parse({ OUTBOUND_ALLOW_HOSTS: ' 127.0.0.1, feeds.internal ,10.0.0.0/8' }),
    ).toMatchObject({
      OUTBOUND_ALLOW_HOSTS: ['127.0.0.1', 'feeds.internal', '10.0.0.0/8'],
      OUTBOUND_MAX_REDIRECTS: 3,
    });
    expect(OutboundEnv.safeParse({ OUTBOUND_ALLOW_HOSTS: 'http://x/' }).success).toBe(false);
  });
});

describe('guardedFetch', () => {
  const servers: Server[] = [];
  let port: number;
  let requests: IncomingMessage[] = [];
  const local = { allowHosts: ['127.0.0.1'] };

  beforeAll(async () => {
    const started = await serve('127.0.0.1', (request, response) => {
      requests.push(request);
      const path = request.url ?? '/';
      if (path === '/feed') return void response.writeHead(200, { 'content-type': 'text/xml' }).end('<rss/>');
      if (path === '/fail') return void response.writeHead(500).end('secret internals');
      if (path === '/silent') return; // never answers
      if (path === '/drip') {
        response.writeHead(200);
        const timer = setInterval(() => response.write('x'), 50);
        response.on('close', () => clearInterval(timer));
        return;
      }
      if (path === '/endless') {
        response.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        const pump = () => {
          while (response.write(chunk));
        };
        response.on('drain', pump);
        pump();
        return;
      }
      if (path === '/declared-huge')
        return void response.writeHead(200, { 'content-length': '900000000' }).end();
      if (path.startsWith('/to?')) {
        const target = new URL(path, 'http://x').searchParams.get('url') ?? '/';
        return void response.writeHead(302, { location: target }).end();
      }
      if (path === '/loop') return void response.writeHead(301, { location: '/loop' }).end();
      response.writeHead(404).end();
    });
    servers.push(started.server);
    port = started.port;
  });

  beforeEach(() => {
    requests = [];
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fetches an allow-listed internal host and answers the body', async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/feed`, {}, local);
    expect(response.status).toBe(200);
    expect(response.text()).toBe('<rss/>');
  });

  it.each([
    ['loopback without the allow-list', () => `http://127.0.0.1:${port}/feed`],
    ['IPv6 loopback', () => `http://[::1]:${port}/feed`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port}/feed`],
    ['a decimal loopback', () => `http://2130706433:${port}/feed`],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', () => 'http://10.0.0.1/'],
    ['the unspecified address', () => `http://0.0.0.0:${port}/feed`],
  ])('refuses %s before connecting', async (_name, url) => {
    const error = await failure(guardedFetch(url(), {}, { connectTimeoutMs: 500 }));
    expect(error.code).toBe('blocked_address');
    expect(requests).toHaveLength(0);
  });

  it('refuses a host name whose answers include any internal address', async () => {
    const resolver: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect((await failure(guardedFetch('http://feeds.test/', {}, { resolver }))).code).toBe(
      'blocked_address',
    );
    expect((await failure(guardedFetch(`http://localhost:${port}/feed`))).code).toBe('blocked_address');
  });

  it('connects to exactly the address it checked, so a rebinding DNS cannot switch it', async () => {
    const other = await serve('127.0.0.2', (_request, response) => response.end('internal'));
    servers.push(other.server);
    const answers = ['127.0.0.1', '127.0.0.2'];
    let calls = 0;
    const resolver: Resolver = async () => [{ address: answers[Math.min(calls++, 1)], family: 4 }];
    // only 127.0.0.1 is allowed; a second lookup would answer 127.0.0.2
    const response = await guardedFetch(
      `http://feeds.test:${port}/feed`,
      {},
      { resolver, allowHosts: ['127.0.0.1/32'] },
    );
    expect(response.text()).toBe('<rss/>');
    expect(calls).toBe(1);
    expect(requests[0].headers.host).toBe(`feeds.test:${port}`);
  });

  it.each(['ftp://127.0.0.1/feed', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_FLUSHALL'])(
    'refuses the scheme of %s',
    async (url) => {
      expect((await failure(guardedFetch(url, {}, local))).code).toBe('blocked_scheme');
    },
  );

  it('checks every redirect hop again', async () => {
    const toMetadata = `http://127.0.0.1:${port}/to?url=${encodeURIComponent('http://169.254.169.254/latest')}`;
    expect((await failure(guardedFetch(toMetadata, {}, local))).code).toBe('blocked_address');
    const toLocalhost = `http://127.0.0.1:${port}/to?url=${encodeURIComponent(`http://localhost:${port}/feed`)}`;
    expect((await failure(guardedFetch(toLocalhost, {}, local))).code).toBe('blocked_address');
    const toFile = `http://127.0.0.1:${port}/to?url=${encodeURIComponent('file:///etc/passwd')}`;
    expect((await failure(guardedFetch(toFile, {}, local))).code).toBe('blocked_scheme');
    const followed = await guardedFetch(`http://127.0.0.1:${port}/to?url=%2Ffeed`, {}, local);
    expect(followed.text()).toBe('<rss/>');
  });

  it('stops after the redirect limit', async () => {
    const error = await failure(guardedFetch(`http://127.0.0.1:${port}/loop`, {}, local));
    expect(error.code).toBe('too_many_redirects');
    expect(requests).toHaveLength(4); // the first request and 3 redirects
  });

  it('reports a failing status as a code without the body', async () => {
    const error = await failure(guardedFetch(`http://127.0.0.1:${port}/fail`, {}, local));
    expect(error.code).toBe('http_status_500');
    expect(error.message).toBe('http_status_500');
    const answered = await guardedFetch(`http://127.0.0.1:${port}/fail`, { acceptAnyStatus: true }, local);
    expect(answered.status).toBe(500);
  });

  it('times out a peer that never answers and one that drips', async () => {
    const started = Date.now();
    const silent = await failure(
      guardedFetch(`http://127.0.0.1:${port}/silent`, {}, { ...local, readTimeoutMs: 200 }),
    );
    expect(silent.code).toBe('timeout');
    const drip = await failure(
      guardedFetch(
        `http://127.0.0.1:${port}/drip`,
        {},
        { ...local, readTimeoutMs: 200, totalTimeoutMs: 400 },
      ),
    );
    expect(drip.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('drops an endless body once the limit is passed instead of reading it whole', async () => {
    const endless = await failure(
      guardedFetch(`http://127.0.0.1:${port}/endless`, {}, { ...local, maxBytes: 100_000 }),
    );
    expect(endless.code).toBe('too_large');
    const declared = await failure(guardedFetch(`http://127.0.0.1:${port}/declared-huge`, {}, local));
    expect(declared.code).toBe('too_large');
  });

  it('sends credentials from the URL as Basic auth and never echoes them', async () => {
    const error = await failure(guardedFetch(`http://bob:s3cret@127.0.0.1:${port}/fail`, {}, local));
    expect(requests[0].headers.authorization).toBe(`Basic ${Buffer.from('bob:s3cret').toString('base64')}`);
    expect(JSON.stringify({ message: error.message, stack: error.stack, code: error.code })).not.toContain(
      's3cret',
    );
    const blocked = await failure(guardedFetch('http://bob:s3cret@10.0.0.1/'));
    expect(`${blocked.message} ${blocked.stack}`).not.toContain('s3cret');
  });
});
