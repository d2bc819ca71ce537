import { randomInt } from 'node:crypto';
import { signToken } from '@advocacy/platform';

/**
 * The demo tenant: forty simulated employees in five teams pick roles, acknowledge the guidelines and
 * keep sharing, clicking and engaging through the public HTTP API, so the boards move in real time.
 * It only uses what a real integration could use: HTTP endpoints and tokens.
 */

const TENANT = process.env.DEMO_TENANT ?? 'demo';
const SECRET = process.env.AUTH_JWT_SECRET ?? '';
const CONTENT = process.env.CONTENT_URL ?? 'http://127.0.0.1:3001';
const TRACKING = process.env.TRACKING_URL ?? 'http://127.0.0.1:3002';
const COACHING = process.env.COACHING_URL ?? 'http://127.0.0.1:3005';
const TICK_MS = Number(process.env.DEMO_TICK_MS ?? 700);

const TEAMS = ['sales', 'engineering', 'marketing', 'people', 'finance'];
const FIRST = ['Anna', 'Bram', 'Chen', 'Daan', 'Eva', 'Fatima', 'Gijs', 'Hana', 'Ivo', 'Jasmijn'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser'];
const ROLES = ['supporter', 'sharer', 'sharer', 'storyteller', 'expert'];
const TOPICS = ['product', 'culture', 'hiring', 'sustainability', 'finance', 'events'];
const NETWORKS = ['linkedin', 'linkedin', 'linkedin', 'x', 'xing', 'facebook'] as const;
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
];
const BOTS = [
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Slackbot-LinkExpanding 1.0',
];

const ARTICLES = [
  ['We are hiring 40 engineers in Amsterdam', 'hiring', 'https://example.com/careers/amsterdam'],
  ['Our Q3 results: growth in every region', 'finance', 'https://example.com/news/q3-results'],
  ['How our teams cut travel emissions by 30%', 'sustainability', 'https://example.com/blog/emissions'],
  ['Product launch: live leaderboards for everyone', 'product', 'https://example.com/product/live'],
  ['A day in the life of our support team', 'culture', 'https://example.com/blog/support-day'],
  ['Meet us at the Employer Branding Summit', 'events', 'https://example.com/events/summit'],
  ['Five lessons from ten years of remote work', 'culture', 'https://example.com/blog/remote'],
  ['Our new sustainability report is out', 'sustainability', 'https://example.com/reports/2026'],
] as const;

interface Employee {
  id: string;
  name: string;
  team: string;
  role: string;
  weight: number;
  token: string;
}

const token = (sub: string, roles: string[], team?: string) =>
  signToken({ tenant: TENANT, sub, roles: roles as never, ...(team ? { team } : {}) }, SECRET);

const admin = token('demo-admin', ['admin', 'editor', 'reviewer']);
const integration = token('demo-integration', ['integration']);

const employees: Employee[] = Array.from({ length: 40 }, (_, index) => {
  const id = `emp-${String(index + 1).padStart(2, '0')}`;
  const team = TEAMS[index % TEAMS.length];
  return {
    id,
    name: `${FIRST[index % FIRST.length]} ${LAST[(index + Math.floor(index / FIRST.length)) % LAST.length]}`,
    team,
    role: ROLES[index % ROLES.length],
    // A few enthusiasts share far more than the rest: the HEROs of the demo.
    weight: index < 4 ? 12 : index < 12 ? 4 : 1,
    token: token(id, ['employee'], team),
  };
});

async function call<T = unknown>(
  method: string,
  url: string,
  auth: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, body: json as T };
}

const log = (msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), service: 'demo', msg, ...extra })}\n`,
  );

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)];

function pickWeighted(): Employee {
  const total = employees.reduce((sum, employee) => sum + employee.weight, 0);
  let ticket = randomInt(total);
  for (const employee of employees) {
    ticket -= employee.weight;
    if (ticket < 0) return employee;
  }
  return employees[0];
}

async function until(what: string, step: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (await step()) return;
    } catch (error) {
      if (attempt % 10 === 1) log(`waiting for ${what}`, { error: String(error) });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

let guidelinesVersion = 0;
let contentIds: string[] = [];

async function setUp(): Promise<void> {
  await until('guidelines', async () => {
    const current = await call<{ version: number }>('GET', `${CONTENT}/api/v1/guidelines`, admin);
    if (current.status !== 200) return false;
    guidelinesVersion = current.body.version;
    if (guidelinesVersion > 0) return true;
    const put = await call<{ version: number }>('PUT', `${CONTENT}/api/v1/guidelines`, admin, {
      document:
        '# Sharing guidelines\n\nShare freely what is in the library. Never share insider information or project code names.',
      rules: {
        blockedTerms: ['insider information', 'guaranteed returns'],
        confidentialPatterns: [{ name: 'project code name', pattern: '\\bPROJECT-[A-Z]{3,}\\b' }],
        blockedDomains: ['competitor.example'],
      },
    });
    guidelinesVersion = put.body.version;
    return put.status === 200 || put.status === 201;
  });

  for (const employee of employees) {
    await until(`profile of ${employee.id}`, async () => {
      // What the company decides (name, team, audience) comes from the directory: here the admin
      // endpoint, in a real tenant SCIM. The employee then chooses role and topics.
      const entry = await call('PUT', `${CONTENT}/api/v1/advocates/${employee.id}`, admin, {
        displayName: employee.name,
        teamId: employee.team,
        followers: { linkedin: 200 + randomInt(3000), x: randomInt(1500) },
      });
      const profile = await call('PUT', `${CONTENT}/api/v1/me/profile`, employee.token, {
        language: 'en',
        topics: [pick(TOPICS), pick(TOPICS)],
        role: employee.role,
      });
      const ack = await call('POST', `${CONTENT}/api/v1/guidelines/acknowledge`, employee.token, {
        version: guidelinesVersion,
      });
      return entry.status < 300 && profile.status < 300 && ack.status < 300;
    });
  }

  await until('content library', async () => {
    const published = await call<{ items: { contentId: string }[] }>(
      'GET',
      `${CONTENT}/api/v1/content?status=published&limit=50`,
      admin,
    );
    if (published.status !== 200) return false;
    if (published.body.items.length >= ARTICLES.length) {
      contentIds = published.body.items.map((item) => item.contentId);
      return true;
    }
    for (const [title, topic, url] of ARTICLES.slice(published.body.items.length)) {
      const created = await call<{ contentId: string }>('POST', `${CONTENT}/api/v1/content`, admin, {
        title,
        url,
        topics: [topic],
        language: 'en',
        captions: {
          linkedin: [`${title} — proud to be part of this.`, `Worth a read: ${title}`],
          x: [`${title} #lifeatexample`],
        },
      });
      if (created.status !== 201) return false;
      for (const step of ['submit', 'approve', 'publish']) {
        await call('POST', `${CONTENT}/api/v1/content/${created.body.contentId}/${step}`, admin, {});
      }
    }
    return false;
  });

  for (const [index, coach] of employees.slice(0, 3).entries()) {
    await call('POST', `${COACHING}/api/v1/coaches`, admin, {
      employeeId: coach.id,
      displayName: coach.name,
      languages: ['en'],
      teams: [coach.team],
      topics: TOPICS.slice(index, index + 3),
      capacity: 5,
      available: true,
    }).catch(() => undefined);
  }
  // The quiet half of the company gets a coach proposal, so the console has work to show.
  for (const advocate of employees.slice(30, 36)) {
    await call('POST', `${COACHING}/api/v1/assignments`, admin, {
      employeeId: advocate.id,
      kind: 're-activation',
      note: 'Has not shared for a while',
    }).catch(() => undefined);
  }
  await seedBaseline();
  log('demo tenant ready', { tenant: TENANT, employees: employees.length, content: contentIds.length });
}

/**
 * The 0-measurement the dashboard compares against: what the forty did in the month before the
 * programme started (a handful sharing on their own), entered by hand as a real tenant would from its
 * network analytics. Only once: a restarted demo keeps the tenant's baseline.
 */
async function seedBaseline(): Promise<void> {
  await until('baseline', async () => {
    const latest = await call('GET', `${TRACKING}/api/v1/baseline`, admin);
    if (latest.status === 200) return true;
    if (latest.status !== 404) return false;
    const launch = Date.now() - 86_400_000;
    const created = await call('POST', `${TRACKING}/api/v1/baseline`, admin, {
      source: 'manual',
      from: new Date(launch - 30 * 86_400_000).toISOString(),
      to: new Date(launch).toISOString(),
      figures: {
        participationRate: 0.1,
        shares: 14,
        clicks: 150,
        uniqueClicks: 118,
        reactions: 86,
        impressions: 6400,
        potentialReach: 27_500,
        emv: 390,
      },
      note: 'The month before launch, from LinkedIn and X analytics of the 40 employees',
    });
    return created.status === 201;
  });
}

const recentShares: { shareId: string; likes: number }[] = [];

async function click(code: string): Promise<void> {
  const ip = `198.51.100.${1 + randomInt(254)}`;
  const agent = randomInt(10) === 0 ? pick(BOTS) : pick(BROWSERS);
  await call('GET', `${TRACKING}/l/${code}`, null, undefined, { 'x-forwarded-for': ip, 'user-agent': agent });
}

async function tick(): Promise<void> {
  const employee = pickWeighted();
  const feed = await call<{ items: { contentId: string; captions: Record<string, string> }[] }>(
    'GET',
    `${CONTENT}/api/v1/feed?limit=5`,
    employee.token,
  );
  const item = feed.status === 200 && feed.body.items.length > 0 ? pick(feed.body.items) : undefined;
  const contentId = item?.contentId ?? pick(contentIds);
  const network = pick(NETWORKS);
  const text = item?.captions?.[network] ?? 'Have a look at this!';
  const share = await call<{ shareId: string; trackedUrl: string; error?: { code: string } }>(
    'POST',
    `${TRACKING}/api/v1/shares`,
    employee.token,
    { contentId, network, text },
  );
  if (share.status === 422 && share.body.error?.code === 'guidelines_not_acknowledged') {
    await call('POST', `${CONTENT}/api/v1/guidelines/acknowledge`, employee.token, {
      version: guidelinesVersion,
    });
    return;
  }
  if (share.status !== 201 && share.status !== 200) return;
  recentShares.push({ shareId: share.body.shareId, likes: 0 });
  if (recentShares.length > 200) recentShares.shift();
  const code = share.body.trackedUrl.split('/l/')[1];
  const clicks = randomInt(employee.weight > 1 ? 8 : 4);
  for (let index = 0; index < clicks; index += 1) {
    setTimeout(() => void click(code).catch(() => undefined), randomInt(5000));
  }
  if (recentShares.length > 0 && randomInt(3) === 0) {
    const target = pick(recentShares);
    target.likes += 1 + randomInt(5);
    await call('POST', `${TRACKING}/api/v1/engagements`, integration, {
      shareId: target.shareId,
      kind: 'like',
      count: target.likes,
      observedAt: new Date().toISOString(),
    });
  }
}

async function main(): Promise<void> {
  if (SECRET.length < 16)
    throw new Error('AUTH_JWT_SECRET must be set (scripts/dev.env has the development value)');
  await setUp();
  let running = true;
  process.on('SIGTERM', () => (running = false));
  process.on('SIGINT', () => (running = false));
  let shares = 0;
  while (running) {
    await tick().catch((error: unknown) => log('tick failed', { error: String(error) }));
    shares += 1;
    if (shares % 50 === 0) log('demo activity', { ticks: shares });
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

// tests/e2e/web seeds a tenant of its own with the same set-up and a few ticks
export { setUp, tick };

if (require.main === module)
  main().catch((error: unknown) => {
    log('demo failed', { error: String(error) });
    process.exit(1);
  });
