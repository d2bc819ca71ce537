import { Controller, Get, Res } from '@nestjs/common';
import { LedgerExportLine, LedgerExportQuery } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodQuery } from '@advocacy/platform';
import type { Response } from 'express';
import { once } from 'node:events';
import { LedgerRepository, LedgerLine } from './ledger.repository';

const PAGE = 1000;

const exportLine = (row: LedgerLine): LedgerExportLine => ({
  seq: Number(row.seq),
  entryId: row.entryId,
  employeeId: row.employeeId,
  teamId: row.teamId,
  campaignId: row.campaignId,
  points: row.points,
  reason: row.reason,
  explanation: row.explanation,
  sourceEventId: row.sourceEventId,
  ruleVersion: row.ruleVersion,
  reverses: row.reverses,
  occurredAt: row.occurredAt.toISOString(),
  recordedAt: row.recordedAt.toISOString(),
});

@Controller('api/v1/ledger')
export class LedgerExportController {
  constructor(private readonly ledger: LedgerRepository) {}

  /** Streams page by page (keyset on seq), honouring back-pressure; never holds the whole ledger. */
  @Get('export')
  @Roles('admin')
  @ApiDoc({
    summary: "The tenant's ledger after `since` (a seq) as NDJSON, in ledger order",
    response: LedgerExportLine,
    contentType: 'application/x-ndjson',
  })
  async export(
    @Auth() auth: AuthContext,
    @ZodQuery(LedgerExportQuery) query: LedgerExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    let after = String(query.since);
    let page = await this.ledger.page(auth.tenantId, after, PAGE);
    response.status(200).type('application/x-ndjson');
    response.setHeader('Cache-Control', 'no-store');
    let closed = false;
    response.on('close', () => {
      closed = true;
    });
    while (page.length > 0 && !closed) {
      const chunk = page.map((row) => `${JSON.stringify(exportLine(row))}\n`).join('');
      if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
      after = page[page.length - 1].seq;
      page = page.length === PAGE ? await this.ledger.page(auth.tenantId, after, PAGE) : [];
    }
    response.end();
  }
}
