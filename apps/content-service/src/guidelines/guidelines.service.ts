import { Injectable } from '@nestjs/common';
import {
  AcknowledgeGuidelinesBody,
  GuidelineCheckBody,
  GuidelineRules,
  GuidelineVersions,
  PutGuidelinesBody,
} from '@advocacy/contracts';
import {
  checkTextOffThread,
  GuidelineCheckError,
  GuidelineCheckResult,
  parseGuidelineRules,
  PatternPool,
} from '@advocacy/guidelines';
import { OutboxWriter } from '@advocacy/messaging';
import { AppError, AuthContext, Clock, conflict, notFound, validationError } from '@advocacy/platform';
import { ZodError } from 'zod';
import { DataSource } from 'typeorm';
import { ContentRepository } from '../content/content.repository';
import { GuidelinesRepository } from './guidelines.repository';

export interface GuidelinesView {
  version: number;
  document: string;
  rules: GuidelineRules;
  publishedAt: string | null;
  acknowledged: boolean;
}

/** Version 0: the rules every tenant has before an admin publishes its own (length limits only). */
const NO_GUIDELINES = { version: 0, document: '', rules: parseGuidelineRules({}), publishedAt: null };

/** Every confidential pattern must run on the checker's linear-time engine: a 400 naming it otherwise. */
function assertRunnable(rules: GuidelineRules): void {
  try {
    parseGuidelineRules(rules);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw validationError(
      new ZodError(error.issues.map((issue) => ({ ...issue, path: ['rules', ...issue.path] }))),
    );
  }
}

@Injectable()
export class GuidelinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guidelines: GuidelinesRepository,
    private readonly content: ContentRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly patterns: PatternPool,
  ) {}

  async versions(auth: AuthContext): Promise<GuidelineVersions> {
    const manager = this.dataSource.manager;
    const rows = await this.guidelines.versions(manager, auth.tenantId);
    // the count comes with every version; only a tenant without versions asks for it apart
    const advocates = rows[0]?.advocates ?? (await this.guidelines.activeAdvocates(manager, auth.tenantId));
    return {
      advocates,
      items: rows.map((row) => ({
        version: row.version,
        publishedAt: row.publishedAt.toISOString(),
        publishedBy: row.publishedBy,
        acknowledged: row.acknowledged,
        rate: advocates === 0 ? null : Math.min(1, row.byAdvocates / advocates),
      })),
    };
  }

  async current(auth: AuthContext): Promise<GuidelinesView> {
    const manager = this.dataSource.manager;
    const row = await this.guidelines.current(manager, auth.tenantId);
    if (!row) return { ...NO_GUIDELINES, acknowledged: false };
    return {
      version: row.version,
      document: row.document,
      rules: row.rules,
      publishedAt: row.publishedAt.toISOString(),
      acknowledged: await this.guidelines.hasAcknowledged(
        manager,
        auth.tenantId,
        auth.employeeId,
        row.version,
      ),
    };
  }

  /** Publishes the next version and emits `guidelines.published`; earlier acknowledgements no longer count. */
  async publish(auth: AuthContext, body: PutGuidelinesBody): Promise<GuidelinesView> {
    assertRunnable(body.rules);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await this.guidelines.lockTenant(manager, auth.tenantId);
      const previous = await this.guidelines.current(manager, auth.tenantId);
      const version = (previous?.version ?? 0) + 1;
      await this.guidelines.insert(manager, {
        tenantId: auth.tenantId,
        version,
        document: body.document,
        rules: body.rules,
        publishedBy: auth.employeeId,
        publishedAt: now,
      });
      await this.outbox.add(manager, {
        type: 'guidelines.published',
        tenantId: auth.tenantId,
        subject: 'guidelines',
        occurredAt: now,
        payload: { version, rules: body.rules, document: body.document, publishedAt: now.toISOString() },
      });
      return {
        version,
        document: body.document,
        rules: body.rules,
        publishedAt: now.toISOString(),
        acknowledged: false,
      };
    });
  }

  async check(auth: AuthContext, body: GuidelineCheckBody): Promise<GuidelineCheckResult> {
    const manager = this.dataSource.manager;
    let contentUrl: string | undefined;
    if (body.contentId) {
      const item = await this.content.find(manager, auth.tenantId, body.contentId);
      if (!item) throw notFound('content');
      contentUrl = item.url;
    }
    const row = await this.guidelines.current(manager, auth.tenantId);
    const rules = row ? row.rules : NO_GUIDELINES.rules;
    try {
      return await checkTextOffThread(this.patterns, rules, {
        network: body.network,
        text: body.text,
        contentUrl,
      });
    } catch (error) {
      if (error instanceof GuidelineCheckError) throw new AppError(error.status, error.code, error.message);
      throw error;
    }
  }

  /** Acknowledges the current version; repeating it is harmless and emits nothing new. */
  async acknowledge(auth: AuthContext, body: AcknowledgeGuidelinesBody) {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const row = await this.guidelines.current(manager, auth.tenantId);
      if (!row) throw notFound('guidelines');
      if (row.version !== body.version)
        throw conflict('stale_version', `the current guidelines version is ${row.version}`, {
          currentVersion: row.version,
        });
      const fresh = await this.guidelines.acknowledge(
        manager,
        auth.tenantId,
        auth.employeeId,
        row.version,
        now,
      );
      if (fresh) {
        await this.outbox.add(manager, {
          type: 'guidelines.acknowledged',
          tenantId: auth.tenantId,
          subject: auth.employeeId,
          occurredAt: now,
          payload: { employeeId: auth.employeeId, version: row.version },
        });
      }
      return { version: row.version, acknowledged: true };
    });
  }
}
