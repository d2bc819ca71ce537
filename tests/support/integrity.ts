import { randomInt, randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { Client, Pool } from 'pg';
import { TokenOptions } from '@advocacy/platform';
import { api, publishEvents, waitFor } from '@advocacy/testing';

/**
 * The score-integrity invariant and a load of interleaved shares, clicks and engagements, shared by
 * the concurrency test (tests/e2e/integrity) and the fault suite (tests/fault).
 */

const NETWORKS = ['linkedin', 'x', 'xing'] as const;
const TEAMS = ['sales', 'engineering', 'marketing', 'people', 'finance'];
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

type Token = (claims: TokenOptions) => string;

export interface Employee {
  id: string;
  token: string;
}

export function employees(tenant: string, count: number, token: Token): Employee[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `emp-${index + 1}`;
    return { id, token: token({ tenant, sub: id, roles: ['employee'], team: TEAMS[index % TEAMS.length] }) };
  });
}

/** Publishes content as the content service would and waits until share-tracking accepts shares of it. */
export async function publishContent(
  kafka: Kafka,
  prefix: string,
  trackingUrl: string,
  tenant: string,
  count: number,
  token: Token,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await publishEvents(
    kafka,
    prefix,
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
  const probe = token({ tenant, sub: 'probe', roles: ['employee'] });
  for (const contentId of ids) {
    await waitFor(
      async () => {
        const response = await api(trackingUrl, probe).post('/api/v1/shares', {
          contentId,
          network: 'linkedin',
        });
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: 60_000, message: 'share-tracking knows the content' },
    );
  }
  return ids;
}

export interface LoadOptions {
  trackingUrl: string;
  tenant: string;
  content: string[];
  employees: Employee[];
  integrationToken: string;
  /** Parallel clients, each running one request after another. */
  clients: number;
}

export interface LoadResult {
  /** Shares answered 201: the service accepted them and must never lose them. */
  accepted: string[];
  requests: number;
  /** Answers other than success, and requests that got no answer (expected while a component is down). */
  failures: number;
}

/**
 * Shares, clicks (each from its own address, as the edge would report it) and rising engagement
 * counts, interleaved by `clients` parallel clients until `stop()` or until each did `operations`.
 */
export class Load {
  private readonly shares: { shareId: string; code: string }[] = [];
  private readonly counts = new Map<string, number>();
  private readonly result: LoadResult = { accepted: [], requests: 0, failures: 0 };
  private running = false;
  private done?: Promise<void>;

  constructor(private readonly options: LoadOptions) {}

  /** Runs until stop(); or, with `operations`, until every client did that many. */
  start(operations = Number.POSITIVE_INFINITY): this {
    this.running = true;
    this.done = Promise.all(
      Array.from({ length: this.options.clients }, async (_, client) => {
        for (let step = 0; step < operations && this.running; step += 1) {
          this.result.requests += 1;
          const ok = await this.operation(client, step).catch(() => false);
          if (!ok) this.result.failures += 1;
        }
      }),
    ).then(() => undefined);
    return this;
  }

  async stop(): Promise<LoadResult> {
    this.running = false;
    await this.done;
    return this.result;
  }

  async finished(): Promise<LoadResult> {
    await this.done;
    return this.result;
  }

  get accepted(): number {
    return this.result.accepted.length;
  }

  private async operation(client: number, step: number): Promise<boolean> {
    const { trackingUrl, employees: people, content, integrationToken } = this.options;
    const signal = AbortSignal.timeout(15_000);
    const pick = randomInt(10);
    if (this.shares.length < 5 || pick < 3) {
      const employee = people[randomInt(people.length)];
      const response = await fetch(`${trackingUrl}/api/v1/shares`, {
        method: 'POST',
        headers: { authorization: `Bearer ${employee.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          contentId: content[randomInt(content.length)],
          network: NETWORKS[randomInt(NETWORKS.length)],
        }),
        signal,
      });
      if (response.status !== 201) return false;
      const body = (await response.json()) as { shareId: string; linkCode: string };
      this.result.accepted.push(body.shareId);
      this.shares.push({ shareId: body.shareId, code: body.linkCode });
      return true;
    }
    const share = this.shares[randomInt(this.shares.length)];
    if (pick < 8) {
      const response = await fetch(`${trackingUrl}/l/${share.code}`, {
        headers: {
          'x-forwarded-for': `10.${client % 250}.${step % 250}.${randomInt(250) + 1}`,
          'user-agent': BROWSER,
        },
        redirect: 'manual',
        signal,
      });
      return response.status === 302;
    }
    const key = `${share.shareId}|like`;
    const count = (this.counts.get(key) ?? 0) + randomInt(1, 4);
    this.counts.set(key, count);
    const response = await fetch(`${trackingUrl}/api/v1/engagements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integrationToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        shareId: share.shareId,
        kind: 'like',
        count,
        observedAt: new Date().toISOString(),
      }),
      signal,
    });
    return response.status < 300;
  }
}

export interface IntegrityCheck {
  /** A connection to the database holding the scoring and tracking schemas. */
  db: Client | Pool;
  boardUrl: string;
  adminToken: string;
  tenant: string;
  /** Shares the load saw accepted. */
  accepted: string[];
  timeoutMs: number;
}

export interface IntegrityReport {
  ledgerEntries: number;
  shares: number;
  boards: number;
}

/**
 * The invariant: every share share-tracking holds (every one answered 201, and any it committed
 * whose answer was lost) has exactly one share line in the ledger; no ledger line is applied twice
 * (the ledger's unique key); and for every employee, scope and period the board equals the sum of
 * the ledger lines — asked of the reconciliation job without repair, and read back from the board.
 */
export async function expectIntegrity(check: IntegrityCheck): Promise<IntegrityReport> {
  const { db, tenant } = check;
  const deadline = Date.now() + check.timeoutMs;
  const left = () => Math.max(1000, deadline - Date.now());

  const stored = await db.query<{ share_id: string }>(
    'SELECT share_id FROM tracking.shares WHERE tenant_id = $1',
    [tenant],
  );
  const shareIds = stored.rows.map((row) => row.share_id);
  const storedIds = new Set(shareIds);
  const notStored = check.accepted.filter((id) => !storedIds.has(id));
  expect({ acceptedButNotStored: notStored }).toEqual({ acceptedButNotStored: [] });

  const perShare = await waitFor(
    async () => {
      const { rows } = await db.query<{ share_id: string; n: number }>(
        `SELECT share_id, count(*)::int AS n FROM scoring.ledger WHERE tenant_id = $1 AND rule = 'share' GROUP BY share_id`,
        [tenant],
      );
      return rows.length >= shareIds.length ? new Map(rows.map((row) => [row.share_id, row.n])) : undefined;
    },
    { timeoutMs: left(), message: 'every stored share in the ledger' },
  ).catch(async (error) => {
    const { rows } = await db.query<{ share_id: string }>(
      `SELECT share_id FROM scoring.ledger WHERE tenant_id = $1 AND rule = 'share'`,
      [tenant],
    );
    const inLedger = new Set(rows.map((row) => row.share_id));
    throw new Error(
      `${(error as Error).message}; missing: ${shareIds.filter((id) => !inLedger.has(id)).join(', ')}`,
    );
  });
  expect(shareIds.filter((id) => perShare.get(id) !== 1)).toEqual([]);

  const admin = api(check.boardUrl, check.adminToken);
  const report = await waitFor(
    async () => {
      const answer = await admin.post('/api/v1/leaderboards/reconcile?repair=false');
      if (answer.status !== 200) throw new Error(`reconcile answered ${answer.status}: ${answer.text}`);
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM scoring.ledger WHERE tenant_id = $1',
        [tenant],
      );
      if (answer.body.driftPoints === 0 && answer.body.ledgerEntries === rows[0].n) return answer.body;
      throw new Error(`drift ${answer.body.driftPoints} (${JSON.stringify(answer.body.drift?.slice(0, 3))})`);
    },
    { timeoutMs: left(), message: 'zero drift' },
  );
  expect(report).toMatchObject({ driftPoints: 0, drift: [], repaired: false });

  const { rows: sums } = await db.query<{ employee_id: string; points: number }>(
    'SELECT employee_id, sum(points)::int AS points FROM scoring.ledger WHERE tenant_id = $1 GROUP BY employee_id',
    [tenant],
  );
  const top = await admin.get('/api/v1/leaderboards/global?period=all&limit=100');
  const onBoard = new Map<string, number>(
    top.body.entries.map((entry: { employeeId: string; points: number }) => [entry.employeeId, entry.points]),
  );
  expect(sums.filter((row) => onBoard.get(row.employee_id) !== row.points)).toEqual([]);
  return { ledgerEntries: report.ledgerEntries, shares: shareIds.length, boards: report.boards };
}
