import { RowShapeError } from '@advocacy/platform';
import { toLedgerLine } from './points/ledger.repository';
import { toAdvocateTeam } from './points/projections.repository';

const at = new Date('2026-03-02T09:00:00Z');
const ledgerRow = {
  seq: '42',
  entry_id: 'l1',
  tenant_id: 't1',
  employee_id: 'e1',
  team_id: null,
  campaign_id: 'k1',
  points: 5,
  reason: 'share',
  explanation: 'Share on linkedin: +5',
  rule: 'share',
  rule_version: 3,
  source_event_id: 'ev1',
  reverses: null,
  occurred_at: at,
  recorded_at: at,
};

describe('scoring row mappers', () => {
  it('maps a row of scoring.ledger', () => {
    expect(toLedgerLine(ledgerRow)).toEqual({
      seq: '42',
      entryId: 'l1',
      tenantId: 't1',
      employeeId: 'e1',
      teamId: null,
      campaignId: 'k1',
      points: 5,
      reason: 'share',
      explanation: 'Share on linkedin: +5',
      rule: 'share',
      ruleVersion: 3,
      sourceEventId: 'ev1',
      reverses: null,
      occurredAt: at,
      recordedAt: at,
    });
  });

  it('maps a row of scoring.advocates', () => {
    expect(toAdvocateTeam({ team_id: 'blue' })).toEqual({ teamId: 'blue' });
  });

  it.each([
    ['scoring.ledger', () => toLedgerLine({ ...ledgerRow, seq: 42 }), ['seq']],
    ['scoring.ledger', () => toLedgerLine({ ...ledgerRow, points: '5' }), ['points']],
    ['scoring.ledger', () => toLedgerLine({ ...ledgerRow, rule_version: undefined }), ['rule_version']],
    ['scoring.advocates', () => toAdvocateTeam({ team: 'blue' }), ['team_id']],
  ])('refuses a drifted row of %s', (table, map, columns) => {
    expect(map).toThrow(RowShapeError);
    expect(map).toThrow(expect.objectContaining({ table, columns }));
  });
});
