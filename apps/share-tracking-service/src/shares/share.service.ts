import { Inject, Injectable } from '@nestjs/common';
import { CreateShareBody, ShareCreatedBody, ShareWithdrawnBody } from '@advocacy/contracts';
import { checkTextOffThread, GuidelineCheckError, PatternPool } from '@advocacy/guidelines';
import { OutboxWriter } from '@advocacy/messaging';
import {
  APP_CONFIG,
  AppError,
  AuthContext,
  Clock,
  conflict,
  forbidden,
  hasRole,
  IdGenerator,
  notFound,
  unprocessable,
} from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ShareTrackingConfig } from '../config';
import { LinkCache } from '../links/link-cache';
import { ProjectionRepository } from '../projections/projection.repository';
import { generateLinkCode } from './link-code';
import { Share, ShareRepository, StoredFinding } from './share.repository';
import { contentRefusal, intentUrlOf, trackedUrlOf } from './share.rules';

export interface ShareAnswer {
  body: ShareCreatedBody;
  /** true when an earlier request with the same Idempotency-Key created the share. */
  replayed: boolean;
}

@Injectable()
export class ShareService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shares: ShareRepository,
    private readonly projections: ProjectionRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly links: LinkCache,
    private readonly patterns: PatternPool,
    @Inject(APP_CONFIG) private readonly config: ShareTrackingConfig,
  ) {}

  /**
   * Records a share and its `share.recorded` event in one transaction, after the content, the
   * acknowledgement of the current guidelines and the guideline check allowed it. A tenant that has
   * never published guidelines needs no acknowledgement and has nothing to check against.
   */
  async create(auth: AuthContext, body: CreateShareBody, idempotencyKey?: string): Promise<ShareAnswer> {
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const earlier = await this.shares.byIdempotencyKey(
          manager,
          auth.tenantId,
          auth.employeeId,
          idempotencyKey,
        );
        if (earlier) return this.replay(earlier, body);
      }
      const now = this.clock.now();
      const content = await this.projections.content(manager, auth.tenantId, body.contentId);
      const refusal = contentRefusal(content, now);
      if (refusal || !content) {
        throw unprocessable(refusal?.code ?? 'content_unknown', refusal?.message ?? 'unknown content');
      }
      const linkCode = generateLinkCode();
      const trackedUrl = trackedUrlOf(this.config.PUBLIC_BASE_URL, linkCode);
      const findings = await this.checkGuidelines(manager, auth, body, content.url, trackedUrl);
      const advocate = await this.projections.advocate(manager, auth.tenantId, auth.employeeId);
      const share = await this.shares.insert(manager, {
        shareId: this.ids.next(),
        tenantId: auth.tenantId,
        employeeId: auth.employeeId,
        teamId: advocate?.teamId ?? auth.teamId ?? null,
        contentId: content.contentId,
        campaignId: content.campaignId,
        network: body.network,
        text: body.text,
        linkCode,
        verdict: findings.length > 0 ? 'warning' : 'safe',
        createdAt: now,
        idempotencyKey: idempotencyKey ?? null,
        findings,
      });
      if (!share) {
        // A concurrent request with the same key won the insert; answer with its share.
        const earlier = await this.shares.byIdempotencyKey(
          manager,
          auth.tenantId,
          auth.employeeId,
          idempotencyKey ?? '',
        );
        if (!earlier) throw conflict('idempotency_conflict', 'retry the request');
        return this.replay(earlier, body);
      }
      await this.outbox.add(manager, {
        type: 'share.recorded',
        tenantId: auth.tenantId,
        subject: auth.employeeId,
        occurredAt: now,
        payload: {
          shareId: share.shareId,
          employeeId: share.employeeId,
          teamId: share.teamId,
          contentId: share.contentId,
          campaignId: share.campaignId,
          network: share.network,
          linkCode: share.linkCode,
          verdict: share.verdict,
          contentTitle: content.title,
          contentPublishedAt: content.publishedAt.toISOString(),
        },
      });
      return { body: this.answer(share), replayed: false };
    });
  }

  /** Marks the share withdrawn once and emits `share.withdrawn`; withdrawing again changes nothing. */
  async withdraw(auth: AuthContext, shareId: string): Promise<ShareWithdrawnBody> {
    const result = await this.dataSource.transaction(async (manager) => {
      const share = await this.shares.byIdForUpdate(manager, auth.tenantId, shareId);
      if (!share) throw notFound('share');
      if (share.employeeId !== auth.employeeId && !hasRole(auth, 'admin')) {
        throw forbidden('only the sharer or an admin may withdraw a share');
      }
      if (share.status === 'withdrawn') return share;
      const withdrawn = await this.shares.withdraw(manager, share.shareId, auth.employeeId, this.clock.now());
      await this.outbox.add(manager, {
        type: 'share.withdrawn',
        tenantId: auth.tenantId,
        subject: share.employeeId,
        occurredAt: withdrawn.withdrawnAt ?? this.clock.now(),
        payload: { shareId: share.shareId, employeeId: share.employeeId, withdrawnBy: auth.employeeId },
      });
      return withdrawn;
    });
    await this.links.forget(result.linkCode);
    return {
      shareId: result.shareId,
      status: 'withdrawn',
      withdrawnAt: (result.withdrawnAt ?? this.clock.now()).toISOString(),
    };
  }

  private async checkGuidelines(
    manager: EntityManager,
    auth: AuthContext,
    body: CreateShareBody,
    contentUrl: string,
    trackedUrl: string,
  ): Promise<StoredFinding[]> {
    const guidelines = await this.projections.currentGuidelines(manager, auth.tenantId);
    if (!guidelines) return [];
    const acknowledged = await this.projections.hasAcknowledged(
      manager,
      auth.tenantId,
      auth.employeeId,
      guidelines.version,
    );
    if (!acknowledged) {
      throw unprocessable(
        'guidelines_not_acknowledged',
        `acknowledge version ${guidelines.version} of the guidelines before sharing`,
        { version: guidelines.version },
      );
    }
    let result;
    try {
      result = await checkTextOffThread(this.patterns, guidelines.rules, {
        network: body.network,
        text: body.text,
        contentUrl,
        trackedUrl,
      });
    } catch (error) {
      // a check that cannot finish refuses the share: a text is never let through unchecked
      if (error instanceof GuidelineCheckError) throw new AppError(error.status, error.code, error.message);
      throw error;
    }
    if (result.verdict === 'blocked') {
      throw unprocessable('guidelines_blocked', 'the text breaks the guidelines', result.findings);
    }
    return result.findings.map((finding) => ({ ...finding }));
  }

  private replay(share: Share, body: CreateShareBody): ShareAnswer {
    if (share.contentId !== body.contentId || share.network !== body.network || share.text !== body.text) {
      throw conflict('idempotency_key_reused', 'this Idempotency-Key was used for a different share');
    }
    return { body: this.answer(share), replayed: true };
  }

  private answer(share: Share): ShareCreatedBody {
    const trackedUrl = trackedUrlOf(this.config.PUBLIC_BASE_URL, share.linkCode);
    return {
      shareId: share.shareId,
      linkCode: share.linkCode,
      trackedUrl,
      intentUrl: intentUrlOf(share.network, trackedUrl, share.text),
      verdict: share.verdict,
      findings: share.findings,
    };
  }
}
