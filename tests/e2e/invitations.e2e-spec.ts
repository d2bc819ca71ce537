import { randomUUID } from 'node:crypto';
import { AnyEnvelope, EventType, NewEvent } from '@advocacy/contracts';
import { ManualClock } from '@advocacy/platform';
import {
  api,
  newTenant,
  profileEvent,
  publishEvents,
  publishRaw,
  shareEvent,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';

const DAY = 24 * 3600 * 1000;

const profile = (tenantId: string, employeeId: string, displayName: string) =>
  profileEvent(tenantId, employeeId, { displayName, role: null });
const share = (tenantId: string, employeeId: string, occurredAt: Date, shareId = randomUUID()) =>
  shareEvent(tenantId, employeeId, occurredAt, { shareId, linkCode: 'abcdefgh', contentTitle: 'Q3 results' });

/** Whether a service's consumer has applied an envelope (its inbox has the id). */
async function claimed(db: DataSource, consumer: string, eventId: string): Promise<boolean> {
  const schema = consumer.split('.')[0];
  const rows = await db.query<unknown[]>(
    `SELECT 1 FROM "${schema}".inbox WHERE consumer = $1 AND event_id = $2`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

interface HistoryLine {
  points: number;
  reason: string;
  explanation: string;
}

/**
 * Invitations across coaching (invitation, acceptance, first share, the funnel) and scoring (the
 * inviter's credit in the ledger), over the real broker and Postgres.
 */
describe('invitations: an invitee’s first share credits the inviter once', () => {
  const setUp = useTestSetUp({ COACHING_JOBS_INTERVAL_MS: '0' });
  // Coaching's clock: the invitation was accepted 25 days ago, so week 4 after it is now.
  const accepted = new Date(Date.now() - 25 * DAY);
  const clock = new ManualClock(accepted);
  let coachingUrl: string;
  let scoringUrl: string;
  let coachingDb: DataSource;
  let scoringDb: DataSource;
  let coachingTopic: Awaited<ReturnType<typeof setUp.collect>>;

  beforeAll(async () => {
    const coaching = await setUp.start(createCoaching, { clock });
    const scoring = await setUp.start(createScoring);
    coachingUrl = coaching.url;
    scoringUrl = scoring.url;
    coachingDb = coaching.app.get(DataSource);
    scoringDb = scoring.app.get(DataSource);
    coachingTopic = await setUp.collect('coaching.v1');
  });

  const token = (tenant: string, sub: string, roles: ('employee' | 'admin')[] = ['employee']) =>
    setUp.infra.token({ tenant, sub, roles });
  const publish = (events: NewEvent<EventType>[]) =>
    publishEvents(setUp.infra.kafka, setUp.infra.prefix, events);
  const republish = (envelopes: AnyEnvelope[]) =>
    publishRaw(
      setUp.infra.kafka,
      envelopes.map((envelope) => ({
        topic: `${setUp.infra.prefix}${envelope.type.startsWith('share.') ? 'share.v1' : 'coaching.v1'}`,
        key: envelope.key,
        value: JSON.stringify(envelope),
      })),
    );
  const emitted = (tenant: string, type: string): AnyEnvelope[] =>
    coachingTopic.messages
      .map((message) => message.json as AnyEnvelope | null)
      .filter((json): json is AnyEnvelope => json?.tenantId === tenant && json.type === type);
  const inviteCredits = async (tenant: string, inviter: string): Promise<HistoryLine[]> => {
    const history = await api(scoringUrl, token(tenant, inviter)).get('/api/v1/points/me?limit=100');
    expect(history.status).toBe(200);
    return (history.body.history.items as HistoryLine[]).filter((line) => line.reason === 'invite_credit');
  };

  it('invite → accept → first share: one credit with the explanation; more shares, a withdrawal and replays add nothing', async () => {
    const tenant = newTenant('invite');
    await publish([profile(tenant, 'bob', 'Bob Baker')]);
    await waitFor(async () => {
      const rows = await coachingDb.query<unknown[]>(
        'SELECT 1 FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2',
        [tenant, 'bob'],
      );
      return rows.length === 1;
    });

    const alice = api(coachingUrl, token(tenant, 'alice'));
    const created = await alice.post('/api/v1/invitations', { inviteeId: 'bob' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ inviterId: 'alice', inviteeId: 'bob', acceptedAt: null });
    const code: string = created.body.code;
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.body.link).toBe(`/invite/${code}`);

    // One invitation per invitee; nobody but the invitee (or an admin) can open or accept it.
    expect(
      (await api(coachingUrl, token(tenant, 'carol')).post('/api/v1/invitations', { inviteeId: 'bob' })).body,
    ).toMatchObject({ error: { code: 'already_invited' } });
    expect((await api(coachingUrl, token(tenant, 'carol')).get(`/api/v1/invitations/${code}`)).status).toBe(
      404,
    );
    expect((await alice.post(`/api/v1/invitations/${code}/accept`)).status).toBe(404);
    expect(
      (await api(coachingUrl, token(newTenant('other'), 'bob')).get(`/api/v1/invitations/${code}`)).status,
    ).toBe(404);

    const bob = api(coachingUrl, token(tenant, 'bob'));
    expect((await bob.get(`/api/v1/invitations/${code}`)).body).toMatchObject({ inviterId: 'alice' });
    const acceptance = await bob.post(`/api/v1/invitations/${code}/accept`);
    expect(acceptance.status).toBe(201);
    expect(acceptance.body.acceptedAt).toBe(accepted.toISOString());
    const acceptedEvent = await waitFor(() => emitted(tenant, 'invite.accepted')[0]);
    expect(acceptedEvent.payload).toMatchObject({ inviterId: 'alice', inviteeId: 'bob' });
    // Accepting again changes nothing.
    expect((await bob.post(`/api/v1/invitations/${code}/accept`)).body.acceptedAt).toBe(
      accepted.toISOString(),
    );

    const firstShareId = randomUUID();
    const [first] = await publish([
      share(tenant, 'bob', new Date(accepted.getTime() + 3600 * 1000), firstShareId),
    ]);
    const credits = await waitFor(async () => {
      const lines = await inviteCredits(tenant, 'alice');
      return lines.length > 0 ? lines : undefined;
    });
    expect(credits).toEqual([
      {
        ...credits[0],
        points: 25,
        reason: 'invite_credit',
        explanation: 'Bob Baker, whom you invited, made their first share: 25',
      },
    ]);

    // A second share (in week 4), the first one withdrawn and shared again, the same share
    // redelivered, the credit event redelivered and re-emitted under a new id: nothing more.
    const [credited] = emitted(tenant, 'invite.credited');
    const week4 = new Date(accepted.getTime() + 22 * DAY);
    const later = await publish([
      share(tenant, 'bob', week4),
      {
        type: 'share.withdrawn',
        tenantId: tenant,
        subject: 'bob',
        payload: { shareId: firstShareId, employeeId: 'bob', withdrawnBy: 'bob' },
      },
      share(tenant, 'bob', new Date(week4.getTime() + 3600 * 1000)),
    ]);
    const reissued = { ...credited, id: randomUUID() };
    await republish([first, credited, reissued]);
    // Sentinels behind the replays in the same partitions: once they are in the inboxes, the
    // replays before them were consumed too.
    const [shareSentinel, pointsSentinel] = await publish([
      share(tenant, 'bob', new Date(week4.getTime() + 2 * 3600 * 1000)),
      {
        type: 'coaching.nudged',
        tenantId: tenant,
        subject: 'alice',
        payload: { employeeId: 'alice', inactiveDays: 1 },
      },
    ]);
    await waitFor(() => claimed(coachingDb, 'coaching.shares', shareSentinel.id));
    await waitFor(() => claimed(scoringDb, 'scoring.points', pointsSentinel.id));
    expect(later).toHaveLength(3);
    expect(await inviteCredits(tenant, 'alice')).toHaveLength(1);
    const [invitation] = await coachingDb.query<{ credit_event_id: string }[]>(
      'SELECT credit_event_id FROM coaching.invitations WHERE tenant_id = $1 AND invitee_id = $2',
      [tenant, 'bob'],
    );
    expect(invitation.credit_event_id).toBe(credited.id);
    // The topic holds our own replays too; coaching itself issued the credit once.
    expect(new Set(emitted(tenant, 'invite.credited').map((event) => event.id))).toEqual(
      new Set([credited.id, reissued.id]),
    );

    const admin = api(coachingUrl, token(tenant, 'root', ['admin']));
    const list = await waitFor(async () => {
      const body = (await admin.get('/api/v1/programme/invitations')).body;
      return body.items?.[0]?.credited && body.items[0].activeInWeek4 ? body : undefined;
    });
    expect(list).toEqual({
      items: [
        {
          inviterId: 'alice',
          inviteeId: 'bob',
          invitedAt: accepted.toISOString(),
          acceptedAt: accepted.toISOString(),
          firstShareAt: new Date(accepted.getTime() + 3600 * 1000).toISOString(),
          activeInWeek4: true,
          credited: true,
        },
      ],
    });
    expect((await admin.get('/api/v1/programme/funnel')).body).toEqual({
      invited: 1,
      accepted: 1,
      firstShare: 1,
      activeInWeek4: 1,
    });
    const csv = await admin.get('/api/v1/programme/invitations?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toBe(
      'inviterId,inviteeId,invitedAt,acceptedAt,firstShareAt,activeInWeek4,credited\r\n' +
        `alice,bob,${accepted.toISOString()},${accepted.toISOString()},` +
        `${new Date(accepted.getTime() + 3600 * 1000).toISOString()},true,true\r\n`,
    );
  });

  it('a first share before accepting credits on acceptance; a tenant with inviteCreditPoints 0 credits nothing', async () => {
    const scoringAdmin = (tenant: string) => api(scoringUrl, token(tenant, 'root', ['admin']));
    const off = newTenant('invite-off');
    expect((await scoringAdmin(off).put('/api/v1/scoring/rules', { inviteCreditPoints: 0 })).status).toBe(
      200,
    );
    // Coaching's clock moves to just after now: the rules saved above are in force for these credits.
    clock.set(new Date(Date.now() + 60_000));
    const on = newTenant('invite-on');

    for (const tenant of [on, off]) {
      const invited = await api(coachingUrl, token(tenant, 'carl')).post('/api/v1/invitations', {
        inviteeId: 'dana',
      });
      expect(invited.status).toBe(201);
      await publish([share(tenant, 'dana', new Date(clock.now().getTime() + 1000))]);
      await waitFor(async () => {
        const rows = await coachingDb.query<unknown[]>(
          'SELECT 1 FROM coaching.invitations WHERE tenant_id = $1 AND first_share_at IS NOT NULL',
          [tenant],
        );
        return rows.length === 1;
      });
      expect(emitted(tenant, 'invite.credited')).toEqual([]);
      const dana = api(coachingUrl, token(tenant, 'dana'));
      expect((await dana.post(`/api/v1/invitations/${invited.body.code as string}/accept`)).status).toBe(201);
    }

    const credits = await waitFor(async () => {
      const lines = await inviteCredits(on, 'carl');
      return lines.length > 0 ? lines : undefined;
    });
    expect(credits.map((line) => line.explanation)).toEqual([
      'dana, whom you invited, made their first share: 25',
    ]);

    const [credit] = await waitFor(() => {
      const events = emitted(off, 'invite.credited');
      return events.length > 0 ? events : undefined;
    });
    await waitFor(() => claimed(scoringDb, 'scoring.points', credit.id));
    expect(await inviteCredits(off, 'carl')).toEqual([]);
    const list = await api(coachingUrl, token(off, 'root', ['admin'])).get('/api/v1/programme/invitations');
    expect(list.body.items).toEqual([expect.objectContaining({ inviteeId: 'dana', credited: false })]);
    expect(list.body.items[0].firstShareAt).not.toBeNull();
  });

  it('refuses bad input naming the field, self-invites, colleagues who share already; the programme read is for admins', async () => {
    const tenant = newTenant('invite-bad');
    const alice = api(coachingUrl, token(tenant, 'alice'));

    const missing = await alice.post('/api/v1/invitations', {});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.details)).toContain('inviteeId');
    const unknownField = await alice.post('/api/v1/invitations', {
      inviteeId: 'bob',
      email: 'bob@example.com',
    });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.error.details)).toContain('email');
    const badCode = await alice.post('/api/v1/invitations/not-a-code/accept');
    expect(badCode.status).toBe(400);
    expect(JSON.stringify(badCode.body.error.details)).toContain('code');

    const self = await alice.post('/api/v1/invitations', { inviteeId: 'alice' });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('self_invite');

    await publish([share(tenant, 'dave', new Date(accepted.getTime() - DAY))]);
    await waitFor(async () => {
      const rows = await coachingDb.query<unknown[]>(
        'SELECT 1 FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2 AND last_share_at IS NOT NULL',
        [tenant, 'dave'],
      );
      return rows.length === 1;
    });
    const active = await alice.post('/api/v1/invitations', { inviteeId: 'dave' });
    expect(active.status).toBe(422);
    expect(active.body.error.code).toBe('invitee_already_active');

    expect((await alice.get('/api/v1/programme/invitations')).status).toBe(403);
    expect((await alice.get('/api/v1/programme/funnel')).status).toBe(403);
    const admin = api(coachingUrl, token(tenant, 'root', ['admin']));
    const format = await admin.get('/api/v1/programme/invitations?format=xml');
    expect(format.status).toBe(400);
    expect(JSON.stringify(format.body.error.details)).toContain('format');
    expect((await admin.get('/api/v1/programme/funnel')).body).toEqual({
      invited: 0,
      accepted: 0,
      firstShare: 0,
      activeInWeek4: 0,
    });
  });
});
