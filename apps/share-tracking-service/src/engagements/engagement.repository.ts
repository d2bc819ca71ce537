import { Injectable } from '@nestjs/common';
import { EngagementKind } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface ObservationRow {
  observation_id: string;
  share_id: string;
  kind: EngagementKind;
  count: number;
  delta: number;
}

@Injectable()
export class EngagementRepository {
  async sameObservation(
    manager: EntityManager,
    tenantId: string,
    shareId: string,
    kind: EngagementKind,
    count: number,
    externalId: string | undefined,
  ): Promise<ObservationRow | null> {
    const [row] = await manager.query<ObservationRow[]>(
      `SELECT observation_id, share_id, kind, count, delta FROM tracking.engagement_observations
       WHERE tenant_id = $1 AND ((external_id IS NOT NULL AND external_id = $5)
                                 OR (share_id = $2 AND kind = $3 AND count = $4))
       LIMIT 1`,
      [tenantId, shareId, kind, count, externalId ?? null],
    );
    return row ?? null;
  }

  async highestCount(manager: EntityManager, shareId: string, kind: EngagementKind): Promise<number | null> {
    const [row] = await manager.query<{ highest: number | null }[]>(
      'SELECT max(count)::int AS highest FROM tracking.engagement_observations WHERE share_id = $1 AND kind = $2',
      [shareId, kind],
    );
    return row.highest;
  }

  async insert(
    manager: EntityManager,
    row: ObservationRow & { tenant_id: string; observed_at: string; external_id: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO tracking.engagement_observations
         (observation_id, tenant_id, share_id, kind, count, delta, observed_at, external_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.observation_id,
        row.tenant_id,
        row.share_id,
        row.kind,
        row.count,
        row.delta,
        row.observed_at,
        row.external_id,
      ],
    );
  }
}
