import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { LedgerExportLine, LedgerExportQuery } from '@advocacy/contracts';
import {
  APP_CONFIG,
  ApiDoc,
  AuthContext,
  badRequest,
  forbidden,
  hasRole,
  Public,
  unauthorized,
  ZodQuery,
} from '@advocacy/platform';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { ScoringConfig } from '../config';
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

const SERVICE_SCHEME = /^Service\s+(\S+)$/i;
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `presented` is one of `keys`, compared in constant time (by digest, so lengths may differ). */
export function isServiceKey(presented: string, keys: readonly string[]): boolean {
  const wanted = digest(presented);
  return keys.reduce((found, key) => timingSafeEqual(digest(key), wanted) || found, false);
}

@Controller('api/v1/ledger')
export class LedgerExportController {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(APP_CONFIG) private readonly config: ScoringConfig,
  ) {}

  /**
   * Streams page by page (keyset on seq), honouring back-pressure; never holds the whole ledger.
   * Public to the guard because a service key is not a bearer token: the caller is checked here.
   */
  @Get('export')
  @Public()
  @ApiDoc({
    summary:
      "The tenant's ledger after `since` (a seq) as NDJSON, in ledger order: an admin's bearer token, or a service key (`Authorization: Service <key>`) with `tenant`",
    response: LedgerExportLine,
    contentType: 'application/x-ndjson',
  })
  async export(
    @Req() request: Request & { auth?: AuthContext },
    @ZodQuery(LedgerExportQuery) query: LedgerExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = this.tenantOf(request, query);
    let after = String(query.since);
    let page = await this.ledger.page(tenantId, after, PAGE);
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
      page = page.length === PAGE ? await this.ledger.page(tenantId, after, PAGE) : [];
    }
    response.end();
  }

  /** Whose ledger this caller may read: an admin's own tenant, or `tenant` for a service key. */
  private tenantOf(request: Request & { auth?: AuthContext }, query: LedgerExportQuery): string {
    const serviceKey = SERVICE_SCHEME.exec(request.headers.authorization ?? '')?.[1];
    if (serviceKey) {
      if (!isServiceKey(serviceKey, this.config.LEDGER_EXPORT_KEYS ?? [])) {
        throw unauthorized('unknown service key');
      }
      if (!query.tenant) {
        throw badRequest('invalid query: tenant', [
          { path: 'tenant', code: 'required', message: 'required with a service key' },
        ]);
      }
      return query.tenant;
    }
    const auth = request.auth;
    if (!auth) throw unauthorized();
    if (!hasRole(auth, 'admin')) throw forbidden('requires role admin');
    if (query.tenant !== undefined && query.tenant !== auth.tenantId) {
      throw forbidden('tenant: a bearer token reads its own tenant only');
    }
    return auth.tenantId;
  }
}
