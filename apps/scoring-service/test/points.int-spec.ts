import { randomUUID } from 'node:crypto';
import { AnyEnvelope, EventType, NewEvent } from '@advocacy/contracts';
import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  publishRaw,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';

interface Row {
  entry_id: string;
  employee_id: string;
  team_id: string | null;
  points: number;
  reason: string;
  explanation: string;
  rule: string;
  rule_version: number;
  source_event_id: string;
  reverses: string | null;
  campaign_id: string | null;
}

describe('scoring over Kafka', () => {
  const setUp = useTestSetUp();
  let infra: TestInfra;
  let service: StartedService;
  let collector: Awaited<ReturnType<typeof collectTopic>>;

  const db = () => service.app.get(DataSource);
  const ledger = (tenant: string) =>
    db().query<Row[]>('SELECT * FROM scoring.ledger WHERE tenant_id = $1 ORDER BY seq', [tenant]);
  const ledgerOnceAtLeast = (tenant: string, count: number) =>
    waitFor(
      async () => {
        const rows = await ledger(tenant);
        return rows.length >= count ? rows : undefined;
      },
      { message: `${count} ledger rows for ${tenant}` },
    );
  const awardedFor = (tenant: string) =>
    collector.messages.filter((m) => m.json?.tenantId === tenant && m.json?.type === 'points.awarded');
  const publish = (events: NewEvent<EventType>[]) => publishEvents(infra.kafka, infra.prefix, events);

  const shareEvent = (tenant: string, employeeId: string, over: Record<string, unknown> = {}) =>
    ({
      type: 'share.recorded',
      tenantId: tenant,
      subject: employeeId,
      payload: {
        shareId: randomUUID(),
        employeeId,
        teamId: 'sales',
        contentId: randomUUID(),
        network: 'linkedin',
        linkCode: 'abcdefgh',
        ...over,
      },
    }) as NewEvent<'share.recorded'>;

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp);
    collector = await setUp.collect('points.v1');
  });

  it('turns each source event into the right ledger rows and points.awarded events', async () => {
    const tenant = newTenant();
    const now = Date.now();
    const published = new Date(now - 3600_000).toISOString();
    const shareId = randomUUID();
    const contentId = randomUUID();
    const proposal = randomUUID();
    const events = await publish([
      shareEvent(tenant, 'alice', {
        shareId,
        contentId,
        contentTitle: 'Q3 results',
        contentPublishedAt: published,
      }),
      shareEvent(tenant, 'alice', { network: 'facebook' }),
      {
        type: 'link.clicked',
        tenantId: tenant,
        subject: 'alice',
        payload: {
          clickId: randomUUID(),
          shareId,
          employeeId: 'alice',
          contentId,
          network: 'linkedin',
          unique: true,
          human: true,
        },
      },
      {
        type: 'link.clicked',
        tenantId: tenant,
        subject: 'alice',
        payload: {
          clickId: randomUUID(),
          shareId,
          employeeId: 'alice',
          contentId,
          network: 'linkedin',
          unique: false,
        },
      },
      {
        type: 'engagement.recorded',
        tenantId: tenant,
        subject: 'alice',
        payload: {
          shareId,
          employeeId: 'alice',
          kind: 'comment',
          count: 2,
          observedAt: new Date(now).toISOString(),
        },
      },
      {
        type: 'content.published',
        tenantId: tenant,
        subject: proposal,
        payload: {
          contentId: proposal,
          url: 'https://example.com/plant',
          title: 'Our new plant',
          language: 'en',
          topics: [],
          submittedBy: 'bob',
          publishedAt: new Date(now).toISOString(),
        },
      },
    ]);

    const rows = await ledgerOnceAtLeast(tenant, 5);
    const bySource = new Map(rows.map((row) => [row.source_event_id, row]));
    expect(bySource.get(events[0].id)).toMatchObject({
      employee_id: 'alice',
      team_id: 'sales',
      points: 15,
      reason: 'share',
      rule: 'share',
      rule_version: 0,
      explanation: "Shared 'Q3 results' on LinkedIn: 10 × 1.5 early bird = 15",
    });
    expect(bySource.get(events[1].id)).toMatchObject({
      points: 0,
      reason: 'network_policy',
      explanation: 'Facebook does not allow rewarding posts: 0',
    });
    expect(bySource.get(events[2].id)).toMatchObject({ points: 2, reason: 'click' });
    expect(bySource.has(events[3].id)).toBe(false);
    expect(bySource.get(events[4].id)).toMatchObject({
      points: 6,
      reason: 'engagement',
      explanation: '2 comments on your share: 2 × 3 = 6',
    });
    expect(bySource.get(events[5].id)).toMatchObject({
      employee_id: 'bob',
      points: 25,
      reason: 'proposal_approved',
    });
    expect(rows).toHaveLength(5);

    const awarded = await waitFor(() => {
      const messages = awardedFor(tenant);
      return messages.length >= 5 ? messages : undefined;
    });
    expect(awarded.map((m) => m.json.payload.entryId).sort()).toEqual(rows.map((row) => row.entry_id).sort());
    const share = awarded.find((m) => m.json.payload.sourceEventId === events[0].id)!;
    expect(share.json.key).toBe(`${tenant}:alice`);
    expect(share.json.payload).toMatchObject({
      employeeId: 'alice',
      teamId: 'sales',
      points: 15,
      ruleVersion: 0,
    });
  });

  it('scores by the rule version saved by an admin; a self-chosen role multiplies nothing', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    await publish([
      {
        type: 'advocate.profile-updated',
        tenantId: tenant,
        subject: 'carol',
        payload: {
          employeeId: 'carol',
          displayName: 'Carol',
          teamId: 'ops',
          role: 'ambassador',
          topics: [],
          language: 'en',
        },
      },
    ]);
    await waitFor(async () => {
      const rows = await db().query('SELECT role FROM scoring.advocates WHERE tenant_id = $1', [tenant]);
      return rows[0]?.role === 'ambassador';
    });
    const saved = await admin.put('/api/v1/scoring/rules', { sharePoints: 20 });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.rules).not.toHaveProperty('roleMultipliers');

    const [share] = await publish([
      { ...shareEvent(tenant, 'carol'), occurredAt: new Date(Date.now() + 1000) },
    ]);
    const [row] = await ledgerOnceAtLeast(tenant, 1);
    expect(row).toMatchObject({
      source_event_id: share.id,
      points: 20,
      rule_version: 1,
      explanation: 'Shared on LinkedIn: 20',
    });
  });

  it('scores one share per employee, content and network in the window; repeats are recorded at 0', async () => {
    const tenant = newTenant();
    const content = randomUUID();
    const later = new Date(Date.now() + 1000);
    // Fourteen shares of the same content on the same network, over two batches.
    await publish(
      Array.from({ length: 7 }, () => ({
        ...shareEvent(tenant, 'frank', { contentId: content }),
        occurredAt: later,
      })),
    );
    await ledgerOnceAtLeast(tenant, 7);
    await publish([
      ...Array.from({ length: 7 }, () => ({
        ...shareEvent(tenant, 'frank', { contentId: content }),
        occurredAt: later,
      })),
      { ...shareEvent(tenant, 'frank', { contentId: content, network: 'x' }), occurredAt: later },
    ]);
    const rows = await ledgerOnceAtLeast(tenant, 15);
    expect(rows.filter((row) => row.points > 0).map((row) => row.points)).toEqual([10, 10]);
    const repeats = rows.filter((row) => row.reason === 'repeat_share');
    expect(repeats).toHaveLength(13);
    expect(repeats[0].explanation).toMatch(
      /^Shared on LinkedIn again: you already shared it on LinkedIn on \d{4}-\d\d-\d\d, and a repeat within 7 days scores 0$/,
    );
    const points = await api(service.url, infra.token({ tenant, sub: 'frank', roles: ['employee'] })).get(
      '/api/v1/points/me',
    );
    expect(points.body.total).toBe(20);
  });

  it('keeps the daily cap across batches, reading what was awarded before from the ledger', async () => {
    const tenant = newTenant();
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    expect((await admin.put('/api/v1/scoring/rules', { dailyCap: 25 })).status).toBe(200);
    const later = new Date(Date.now() + 1000);
    await publish([
      { ...shareEvent(tenant, 'dave'), occurredAt: later },
      { ...shareEvent(tenant, 'dave'), occurredAt: later },
    ]);
    await ledgerOnceAtLeast(tenant, 2);
    await publish([{ ...shareEvent(tenant, 'dave'), occurredAt: later }]);
    const rows = await ledgerOnceAtLeast(tenant, 3);
    expect(rows.map((row) => [row.points, row.reason])).toEqual([
      [10, 'share'],
      [10, 'share'],
      [5, 'share'],
    ]);
    await publish([{ ...shareEvent(tenant, 'dave'), occurredAt: later }]);
    const [, , , capped] = await ledgerOnceAtLeast(tenant, 4);
    expect(capped).toMatchObject({
      points: 0,
      reason: 'daily_cap',
      explanation: 'Daily cap of 25 reached: 0',
    });
  });

  it('reverses withdrawn shares and flagged clicks with negative entries pointing at them', async () => {
    const tenant = newTenant();
    const shareId = randomUUID();
    const clickId = randomUUID();
    const contentId = randomUUID();
    await publish([
      shareEvent(tenant, 'erin', { shareId, contentId }),
      {
        type: 'link.clicked',
        tenantId: tenant,
        subject: 'erin',
        payload: {
          clickId,
          shareId,
          employeeId: 'erin',
          contentId,
          network: 'linkedin',
          unique: true,
          human: true,
        },
      },
    ]);
    const before = await ledgerOnceAtLeast(tenant, 2);
    await publish([
      {
        type: 'share.withdrawn',
        tenantId: tenant,
        subject: 'erin',
        payload: { shareId, employeeId: 'erin', withdrawnBy: 'erin' },
      },
      {
        type: 'link.click-flagged',
        tenantId: tenant,
        subject: 'erin',
        payload: { clickId, shareId, employeeId: 'erin', reason: 'datacenter IP' },
      },
      // A second withdrawal of the same share reverses nothing more.
      {
        type: 'share.withdrawn',
        tenantId: tenant,
        subject: 'erin',
        payload: { shareId, employeeId: 'erin', withdrawnBy: 'admin' },
      },
    ]);
    const rows = await ledgerOnceAtLeast(tenant, 4);
    const share = before.find((row) => row.rule === 'share')!;
    const click = before.find((row) => row.rule === 'click')!;
    const reversals = rows.filter((row) => row.reverses);
    expect(reversals.map((row) => [row.points, row.reason, row.reverses]).sort()).toEqual(
      [
        [-10, 'share_withdrawn', share.entry_id],
        [-2, 'click_flagged', click.entry_id],
      ].sort(),
    );
    const awarded = await waitFor(() => {
      const messages = awardedFor(tenant).filter((m) => m.json.payload.reverses);
      return messages.length >= 2 ? messages : undefined;
    });
    expect(awarded.map((m) => m.json.payload.reverses).sort()).toEqual(
      [share.entry_id, click.entry_id].sort(),
    );

    // Nothing was updated in place, and the ledger refuses it.
    await expect(
      db().query('UPDATE scoring.ledger SET points = 0 WHERE entry_id = $1', [share.entry_id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db().query('DELETE FROM scoring.ledger WHERE entry_id = $1', [share.entry_id]),
    ).rejects.toThrow(/append-only/);
    // A sentinel event after the duplicate withdrawal proves it was processed and added nothing.
    const [sentinel] = await publish([shareEvent(tenant, 'erin')]);
    const after = await ledgerOnceAtLeast(tenant, 5);
    expect(after[after.length - 1].source_event_id).toBe(sentinel.id);
    expect(after).toHaveLength(5);
  });

  it('adds nothing when a whole batch is redelivered with the same envelope ids', async () => {
    const tenant = newTenant();
    const envelopes = await publish([
      shareEvent(tenant, 'frank'),
      shareEvent(tenant, 'frank'),
      shareEvent(tenant, 'frank'),
    ]);
    const first = await ledgerOnceAtLeast(tenant, 3);
    await waitFor(() => awardedFor(tenant).length >= 3);

    await publishRaw(infra.kafka, envelopes.map(rawMessage(infra.prefix, 'share.v1')));
    const [sentinel] = await publish([shareEvent(tenant, 'frank')]);
    const rows = await ledgerOnceAtLeast(tenant, 4);
    expect(rows).toHaveLength(4);
    expect(rows.slice(0, 3)).toEqual(first);
    expect(rows[3].source_event_id).toBe(sentinel.id);
    await waitFor(() => awardedFor(tenant).length >= 4);
    expect(awardedFor(tenant)).toHaveLength(4);
  });

  it('adds nothing when the app dies between the database commit and the offset commit', async () => {
    const tenant = newTenant();
    await publish([shareEvent(tenant, 'gina'), shareEvent(tenant, 'gina')]);
    const before = await ledgerOnceAtLeast(tenant, 2);
    await waitFor(() => awardedFor(tenant).length >= 2);

    // Stop the app, then rewind the group to the beginning: exactly what the broker redelivers when
    // the process dies after its transaction committed and before its offsets did.
    await service.close();
    const group = `${infra.prefix}scoring-service`;
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        const described = await admin.describeGroups([group]);
        return described.groups[0].members.length === 0;
      });
      for (const name of [
        'share.v1',
        'click.v1',
        'engagement.v1',
        'content.v1',
        'advocate.v1',
        'coaching.v1',
      ]) {
        const topic = `${infra.prefix}${name}`;
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId: group,
          topic,
          partitions: ends.map((end) => ({ partition: end.partition, offset: end.low })),
        });
      }
      const [rewound] = await admin.fetchOffsets({ groupId: group, topics: [`${infra.prefix}share.v1`] });
      expect(rewound.partitions.every((p) => p.offset === '0')).toBe(true);
    } finally {
      await admin.disconnect();
    }

    service = await setUp.start(createApp);
    const [sentinel] = await publish([shareEvent(tenant, 'gina')]);
    const rows = await ledgerOnceAtLeast(tenant, 3);
    expect(rows).toHaveLength(3);
    expect(rows.slice(0, 2)).toEqual(before);
    expect(rows[2].source_event_id).toBe(sentinel.id);
    await waitFor(() => awardedFor(tenant).length >= 3);
    expect(awardedFor(tenant)).toHaveLength(3);
  });

  it('announces a level once, when the all-time total crosses into it', async () => {
    const tenant = newTenant();
    // Ten shares of 10 points reach Contributor (100); the eleventh stays in it.
    await publish(Array.from({ length: 11 }, () => shareEvent(tenant, 'lena')));
    await ledgerOnceAtLeast(tenant, 11);
    const levels = await waitFor(() => {
      const found = collector.messages.filter(
        (m) => m.json?.tenantId === tenant && m.json?.type === 'points.level-reached',
      );
      return found.length > 0 ? found : undefined;
    });
    await waitFor(() => awardedFor(tenant).length >= 11);
    expect(levels).toHaveLength(1);
    expect(levels[0].json.payload).toMatchObject({
      employeeId: 'lena',
      level: 2,
      name: 'Contributor',
      minPoints: 100,
    });
    expect(levels[0].json.payload.total).toBeGreaterThanOrEqual(100);
  });

  it('keeps tenants apart', async () => {
    const tenantA = newTenant();
    const tenantB = newTenant();
    await publish([shareEvent(tenantA, 'henk')]);
    await ledgerOnceAtLeast(tenantA, 1);

    const henkInB = await api(service.url, infra.token({ tenant: tenantB, sub: 'henk' })).get(
      '/api/v1/points/me',
    );
    expect(henkInB.status).toBe(200);
    expect(henkInB.body).toMatchObject({ total: 0, history: { total: 0, items: [] } });
    const henkInA = await api(service.url, infra.token({ tenant: tenantA, sub: 'henk' })).get(
      '/api/v1/points/me',
    );
    expect(henkInA.body.total).toBe(10);

    const adminB = api(service.url, infra.token({ tenant: tenantB, sub: 'root', roles: ['admin'] }));
    expect((await adminB.get('/api/v1/points/henk')).status).toBe(404);
    const exportB = await adminB.get('/api/v1/ledger/export');
    expect(exportB.status).toBe(200);
    expect(exportB.text).toBe('');
    expect(await ledger(tenantB)).toHaveLength(0);
  });
});

function rawMessage(prefix: string, topic: string) {
  return (envelope: AnyEnvelope) => ({
    topic: `${prefix}${topic}`,
    key: envelope.key,
    value: JSON.stringify(envelope),
  });
}
