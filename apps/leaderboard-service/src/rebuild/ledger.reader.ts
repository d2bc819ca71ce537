import { Inject, Injectable } from '@nestjs/common';
import { LedgerExportLine } from '@advocacy/contracts';
import { APP_CONFIG, AppError, AuthTokenFactory, ConfigError } from '@advocacy/platform';
import type { LeaderboardConfig } from '../config';

/** Streams a tenant's whole ledger from scoring's NDJSON export, each line validated. */
@Injectable()
export class LedgerReader {
  constructor(
    private readonly tokens: AuthTokenFactory,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {
    // Production signs no tokens, so without the key every rebuild and reconcile would fail later.
    if (config.NODE_ENV === 'production' && !config.LEDGER_EXPORT_KEY) {
      throw new ConfigError('invalid configuration:\n  LEDGER_EXPORT_KEY: is required in production');
    }
  }

  /**
   * `callerToken`: an admin's own, forwarded. Without one (the reconcile and automatic rebuild jobs)
   * the service key; a development token only where neither exists (production signs none).
   */
  async *lines(tenantId: string, callerToken?: string): AsyncGenerator<LedgerExportLine> {
    const url = new URL('/api/v1/ledger/export', this.config.SCORING_URL);
    url.searchParams.set('since', '0');
    let authorization: string;
    if (callerToken) authorization = `Bearer ${callerToken}`;
    else if (this.config.LEDGER_EXPORT_KEY) {
      authorization = `Service ${this.config.LEDGER_EXPORT_KEY}`;
      url.searchParams.set('tenant', tenantId);
    } else {
      const token = this.tokens.sign({
        tenant: tenantId,
        sub: 'leaderboard-service',
        roles: ['admin'],
        expiresInSeconds: 900,
      });
      authorization = `Bearer ${token}`;
    }
    const response = await fetch(url, { headers: { authorization, accept: 'application/x-ndjson' } });
    if (!response.ok || !response.body) {
      throw new AppError(
        502,
        'ledger_unavailable',
        `scoring answered ${response.status} to the ledger export`,
      );
    }
    for await (const text of ndjsonLines(response.body)) {
      const parsed = LedgerExportLine.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new AppError(502, 'ledger_invalid', `unreadable ledger line: ${parsed.error.message}`);
      yield parsed.data;
    }
  }
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest) yield rest;
}
