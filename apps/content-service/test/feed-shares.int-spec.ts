import { AnyEnvelope, createEnvelope } from '@advocacy/contracts';
import {
  newTenant,
  shareEvent,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { FeedService } from '../src/feed/feed.service';

/**
 * The "already shared" projection takes a batch's shares in one statement: a withdrawal in the same
 * batch must still remove the share before it (and only that one), as one event at a time did, and
 * a redelivered batch changes nothing.
 */
describe('content feed: a batch of shares and withdrawals', () => {
  let infra: TestInfra;
  let service: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra();
    service = await startService(createApp, infra.env);
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  it('applies shares and withdrawals of one batch in their order', async () => {
    const tenant = newTenant();
    const at = new Date('2026-12-01T09:00:00Z');
    const share = (employeeId: string) => createEnvelope(shareEvent(tenant, employeeId, at)) as AnyEnvelope;
    const first = share('anna');
    const second = share('anna');
    const third = share('bert');
    const withdrawal = (of: AnyEnvelope) =>
      createEnvelope({
        type: 'share.withdrawn',
        tenantId: tenant,
        subject: 'anna',
        payload: {
          shareId: (of.payload as { shareId: string }).shareId,
          employeeId: 'anna',
          withdrawnBy: 'anna',
        },
      }) as AnyEnvelope;
    const batch = [first, second, withdrawal(first), third, share('carl')];
    const feed = service.app.get(FeedService);
    await feed.applyShares(batch);
    await feed.applyShares(batch);

    const rows = await service.app
      .get(DataSource)
      .query<{ share_id: string; employee_id: string }[]>(
        'SELECT share_id, employee_id FROM content.shares WHERE tenant_id = $1 ORDER BY employee_id, share_id',
        [tenant],
      );
    const idOf = (envelope: AnyEnvelope) => (envelope.payload as { shareId: string }).shareId;
    expect(rows.map((row) => row.employee_id)).toEqual(['anna', 'bert', 'carl']);
    expect(rows.map((row) => row.share_id)).toContain(idOf(second));
    expect(rows.map((row) => row.share_id)).not.toContain(idOf(first));
    expect(rows.map((row) => row.share_id)).toContain(idOf(third));
  });
});
