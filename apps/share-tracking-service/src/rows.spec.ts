import { RowShapeError } from '@advocacy/platform';
import { toBaseline } from './analytics/analytics.repository';
import { toObservation } from './engagements/engagement.repository';
import { toShare } from './shares/share.repository';

const at = new Date('2026-03-02T09:00:00Z');

const shareRow = {
  share_id: 's1',
  tenant_id: 't1',
  employee_id: 'e1',
  team_id: null,
  content_id: 'c1',
  campaign_id: 'k1',
  network: 'linkedin',
  text: 'hello',
  link_code: 'abc',
  verdict: 'warning',
  status: 'active',
  created_at: at,
  withdrawn_at: null,
  withdrawn_by: null,
  idempotency_key: 'key-1',
  findings: [{ rule: 'max_length', severity: 'warning', message: 'long', start: 0, end: 5 }],
};
const observationRow = { observation_id: 'o1', share_id: 's1', kind: 'like', count: 4, delta: 2 };
const baselineRow = {
  baseline_id: 'b1',
  source: 'manual',
  period_from: null,
  period_to: at,
  figures: { shares: 10 },
  note: null,
  created_by: 'e1',
  created_at: at,
};

describe('share-tracking row mappers', () => {
  it.each([
    [
      'tracking.shares',
      () => toShare(shareRow),
      {
        shareId: 's1',
        tenantId: 't1',
        employeeId: 'e1',
        teamId: null,
        contentId: 'c1',
        campaignId: 'k1',
        network: 'linkedin',
        text: 'hello',
        linkCode: 'abc',
        verdict: 'warning',
        status: 'active',
        createdAt: at,
        withdrawnAt: null,
        withdrawnBy: null,
        idempotencyKey: 'key-1',
        findings: shareRow.findings,
      },
    ],
    [
      'tracking.engagement_observations',
      () => toObservation(observationRow),
      { observationId: 'o1', shareId: 's1', kind: 'like', count: 4, delta: 2 },
    ],
    [
      'tracking.baselines',
      () => toBaseline(baselineRow),
      {
        baselineId: 'b1',
        source: 'manual',
        periodFrom: null,
        periodTo: at,
        figures: { shares: 10 },
        note: null,
        createdBy: 'e1',
        createdAt: at,
      },
    ],
  ])('maps a row of %s', (_table, map, expected) => {
    expect(map()).toEqual(expected);
  });

  it.each([
    ['tracking.shares', () => toShare({ ...shareRow, link_code: undefined }), ['link_code']],
    ['tracking.shares', () => toShare({ ...shareRow, status: 'deleted' }), ['status']],
    ['tracking.engagement_observations', () => toObservation({ ...observationRow, count: '4' }), ['count']],
    ['tracking.baselines', () => toBaseline({ ...baselineRow, created_at: '2026-03-02' }), ['created_at']],
  ])('refuses a drifted row of %s', (table, map, columns) => {
    expect(map).toThrow(RowShapeError);
    expect(map).toThrow(expect.objectContaining({ table, columns }));
  });
});
