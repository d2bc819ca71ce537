import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthTokenFactory, ConfigError } from '@advocacy/platform';
import type { LeaderboardConfig } from '../config';
import { LedgerReader } from './ledger.reader';

const LINE = {
  seq: 1,
  entryId: '00000000-0000-4000-8000-000000000001',
  employeeId: 'amy',
  teamId: null,
  campaignId: null,
  points: 10,
  reason: 'share',
  explanation: 'Shared on LinkedIn: 10',
  sourceEventId: '00000000-0000-4000-8000-000000000002',
  ruleVersion: 1,
  reverses: null,
  occurredAt: '2026-03-10T12:00:00.000Z',
  recordedAt: '2026-03-10T12:00:00.000Z',
};

describe('LedgerReader: how a job without a user reads the ledger', () => {
  let server: Server;
  let seen: { url: string; headers: IncomingHttpHeaders }[];
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end(`${JSON.stringify(LINE)}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (seen = []));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const tokens = { sign: () => 'dev-token' } as unknown as AuthTokenFactory;
  const reader = (over: Partial<LeaderboardConfig>) =>
    new LedgerReader(tokens, { NODE_ENV: 'test', SCORING_URL: base, ...over } as LeaderboardConfig);
  const read = async (subject: LedgerReader, callerToken?: string) => {
    const lines = [];
    for await (const line of subject.lines('acme', callerToken)) lines.push(line);
    return lines;
  };

  it.each([
    {
      name: 'the service key, with the tenant in the query',
      config: { LEDGER_EXPORT_KEY: 'k'.repeat(32) },
      caller: undefined,
      authorization: `Service ${'k'.repeat(32)}`,
      tenant: 'acme',
    },
    {
      name: "an admin's own token, forwarded, even when a key exists",
      config: { LEDGER_EXPORT_KEY: 'k'.repeat(32) },
      caller: 'admin-token',
      authorization: 'Bearer admin-token',
      tenant: null,
    },
    {
      name: 'a development token where no key is set',
      config: {},
      caller: undefined,
      authorization: 'Bearer dev-token',
      tenant: null,
    },
  ])('sends $name', async ({ config, caller, authorization, tenant }) => {
    const lines = await read(reader(config), caller);
    expect(lines).toEqual([LINE]);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toBe(authorization);
    const url = new URL(seen[0].url, base);
    expect(url.pathname).toBe('/api/v1/ledger/export');
    expect(url.searchParams.get('tenant')).toBe(tenant);
  });

  it('refuses to start in production without the key (no token could be signed there)', () => {
    expect(() => reader({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => reader({ NODE_ENV: 'production', LEDGER_EXPORT_KEY: 'k'.repeat(32) })).not.toThrow();
  });
});
