import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';
import { createApp as createShareTracking } from '../../apps/share-tracking-service/src/app';
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

const EMPLOYEES = 40;
const CLIENTS = 32;
const OPERATIONS_PER_CLIENT = 64;
const ROUNDS = 5;
const TEAMS = ['sales', 'engineering', 'marketing', 'people', 'finance'];
const NETWORKS = ['linkedin', 'x', 'xing'] as const;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

/**
 * The integrity invariant under concurrency: 40 employees, 32 parallel clients interleaving shares,
 * clicks and engagements through the public HTTP API of the real services; within 10 s of the last
 * request every board equals the sum of the ledger, per employee, scope and period, every accepted
 * share has exactly its one share line, and nothing was applied twice. Five rounds in a row.
 */
describe('score integrity under concurrency', () => {
  let infra: TestInfra;
  let tracking: StartedService;
  let scoring: StartedService;
  let board: StartedService;
  let db: Client;

  beforeAll(async () => {
    // The test clients play the edge proxy on loopback, so each simulated visitor has its own address.
    infra = await startTestInfra({ TRUST_PROXY: 'loopback', RECONCILE_CONFIRM_MS: '0' });
    tracking = await startService(createShareTracking, infra.env);
    scoring = await startService(createScoring, infra.env);
    board = await startService(createLeaderboard, { ...infra.env, SCORING_URL: scoring.url });
    db = new Client({ connectionString: infra.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([tracking, scoring, board].map((service) => service?.close()));
    await infra?.teardown();
  });

  async function publishContent(tenant: string, count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await publishEvents(
      infra.kafka,
      infra.prefix,
      ids.map((contentId, index) => ({
        type: 'content.published' as const,
        tenantId: tenant,
        subject: contentId,
        payload: {
          contentId,
          url: `https://example.com/news/${index}`,
          title: `News ${index}`,
          language: 'en',
          topics: [],
          publishedAt: new Date(Date.now() - 86_400_000 * (index + 1)).toISOString(),
        },
      })),
    );
    // Share-tracking accepts shares once it has projected the content.
    const probe = infra.token({ tenant, sub: 'probe', roles: ['employee'] });
    for (const contentId of ids) {
      await waitFor(async () => {
        const response = await api(tracking.url, probe).post('/api/v1/shares', {
          contentId,
          network: 'linkedin',
        });
        return response.status === 201 ? response : undefined;
      });
    }
    return ids;
  }

  it.each(Array.from({ length: ROUNDS }, (_, index) => index + 1))(
    'round %i: the boards equal the ledger within 10 s of the last request',
    async () => {
      const tenant = newTenant('integrity');
      const content = await publishContent(tenant, 8);
      const employees = Array.from({ length: EMPLOYEES }, (_, index) => {
        const team = TEAMS[index % TEAMS.length];
        const id = `emp-${index + 1}`;
        return { id, token: infra.token({ tenant, sub: id, roles: ['employee'], team }) };
      });
      const integration = infra.token({ tenant, sub: 'feed', roles: ['integration'] });
      const shares: { shareId: string; code: string }[] = [];
      const accepted: string[] = [];
      const counts = new Map<string, number>();
      let failures = 0;

      const operation = async (client: number, step: number) => {
        const pick = randomInt(10);
        if (shares.length < 5 || pick < 3) {
          const employee = employees[randomInt(employees.length)];
          const response = await api(tracking.url, employee.token).post('/api/v1/shares', {
            contentId: content[randomInt(content.length)],
            network: NETWORKS[randomInt(NETWORKS.length)],
          });
          if (response.status !== 201) return void (failures += 1);
          accepted.push(response.body.shareId);
          shares.push({ shareId: response.body.shareId, code: response.body.linkCode });
        } else if (pick < 8) {
          const share = shares[randomInt(shares.length)];
          const response = await api(tracking.url).get(`/l/${share.code}`, {
            headers: {
              'x-forwarded-for': `10.${client}.${step % 250}.${randomInt(250) + 1}`,
              'user-agent': BROWSER,
            },
          });
          if (response.status !== 302) failures += 1;
        } else {
          const share = shares[randomInt(shares.length)];
          const key = `${share.shareId}|like`;
          const count = (counts.get(key) ?? 0) + randomInt(1, 4);
          counts.set(key, count);
          const response = await api(tracking.url, integration).post('/api/v1/engagements', {
            shareId: share.shareId,
            kind: 'like',
            count,
            observedAt: new Date().toISOString(),
          });
          if (response.status >= 300) failures += 1;
        }
      };
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let step = 0; step < OPERATIONS_PER_CLIENT; step += 1) await operation(client, step);
        }),
      );
      expect(failures).toBe(0);
      const lastRequest = Date.now();

      // Every accepted share reached the ledger with exactly one share line …
      const lines = await waitFor(
        async () => {
          const { rows } = await db.query<{ share_id: string; n: number }>(
            `SELECT share_id, count(*)::int AS n FROM scoring.ledger WHERE tenant_id = $1 AND rule = 'share' GROUP BY share_id`,
            [tenant],
          );
          return rows.length >= accepted.length + content.length ? rows : undefined;
        },
        { timeoutMs: 10_000, message: 'every accepted share in the ledger' },
      );
      const perShare = new Map(lines.map((row) => [row.share_id, row.n]));
      expect(accepted.filter((id) => perShare.get(id) !== 1)).toEqual([]);

      // … and every board, scope and period equals the ledger: no point lost, none doubled.
      const admin = api(board.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
      const report = await waitFor(
        async () => {
          const answer = await admin.post('/api/v1/leaderboards/reconcile?repair=false');
          if (answer.status !== 200) throw new Error(`reconcile answered ${answer.status}: ${answer.text}`);
          const { rows } = await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM scoring.ledger WHERE tenant_id = $1',
            [tenant],
          );
          return answer.body.driftPoints === 0 && answer.body.ledgerEntries === rows[0].n
            ? answer.body
            : undefined;
        },
        { timeoutMs: Math.max(1000, 10_000 - (Date.now() - lastRequest)), message: 'zero drift' },
      );
      expect(report).toMatchObject({ driftPoints: 0, drift: [], repaired: false });
      expect(report.boards).toBeGreaterThan(EMPLOYEES / 2);

      // The board's own answer agrees with the ledger's sums, person by person.
      const { rows: sums } = await db.query<{ employee_id: string; points: number }>(
        'SELECT employee_id, sum(points)::int AS points FROM scoring.ledger WHERE tenant_id = $1 GROUP BY employee_id',
        [tenant],
      );
      const top = await admin.get('/api/v1/leaderboards/global?period=all&limit=100');
      const onBoard = new Map<string, number>(
        top.body.entries.map((entry: { employeeId: string; points: number }) => [
          entry.employeeId,
          entry.points,
        ]),
      );
      expect(sums.filter((row) => onBoard.get(row.employee_id) !== row.points)).toEqual([]);
    },
    240_000,
  );
});
