import { z } from 'zod';
import { IsoDateTime } from '../common';
import { PointsAwarded } from '../events/points';

/**
 * One line of `GET /api/v1/ledger/export` (NDJSON, ledger order). The leaderboard service rebuilds
 * its boards from these lines, so both sides read this one schema.
 */
export const LedgerExportLine = PointsAwarded.extend({
  seq: z.number().int().positive(),
  recordedAt: IsoDateTime,
});
export type LedgerExportLine = z.infer<typeof LedgerExportLine>;
