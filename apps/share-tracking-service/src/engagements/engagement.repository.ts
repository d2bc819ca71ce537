import { Injectable } from '@nestjs/common';
import { EngagementKind } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface Observation {
  observationId: string;
  shareId: string;
  kind: EngagementKind;
  count: number;
  delta: number;
}

export interface NewObservation extends Observation {
  tenantId: string;
  observedAt: string;
  externalId: string | null;
}

export const toObservation = rowMapper(
  'tracking.engagement_observations',
  z.object({
    observation_id: z.string(),
    share_id: z.string(),
    kind: EngagementKind,
    count: z.number(),
    delta: z.number(),
  }),
  (row): Observation => ({
    observationId: row.observation_id,
    shareId: row.share_id,
    kind: row.kind,
    count: row.count,
    delta: row.delta,
  }),
);

@Injectable()
export class EngagementRepository {
  async sameObservation(
    manager: EntityManager,
    tenantId: string,
    shareId: string,
    kind: EngagementKind,
    count: number,
    externalId: string | undefined,
  ): Promise<Observation | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT observation_id, share_id, kind, count, delta FROM tracking.engagement_observations
       WHERE tenant_id = $1 AND ((external_id IS NOT NULL AND external_id = $5)
                                 OR (share_id = $2 AND kind = $3 AND count = $4))
       LIMIT 1`,
      [tenantId, shareId, kind, count, externalId ?? null],
    );
    return rows.length > 0 ? toObservation(rows[0]) : null;
  }

  async highestCount(manager: EntityManager, shareId: string, kind: EngagementKind): Promise<number | null> {
    const [row] = await manager.query<{ highest: number | null }[]>(
      'SELECT max(count)::int AS highest FROM tracking.engagement_observations WHERE share_id = $1 AND kind = $2',
      [shareId, kind],
    );
    return row.highest;
  }

  async insert(manager: EntityManager, observation: NewObservation): Promise<void> {
    await manager.query(
      `INSERT INTO tracking.engagement_observations
         (observation_id, tenant_id, share_id, kind, count, delta, observed_at, external_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        observation.observationId,
        observation.tenantId,
        observation.shareId,
        observation.kind,
        observation.count,
        observation.delta,
        observation.observedAt,
        observation.externalId,
      ],
    );
  }
}
