import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The "already shared" projection of share.v1 that keeps shared items out of an advocate's feed. */
@Injectable()
export class SharedContentRepository {
  /** One statement for a batch's shares (a redelivered share is already there: nothing changes). */
  async addMany(
    manager: EntityManager,
    shares: readonly { shareId: string; tenantId: string; employeeId: string; contentId: string }[],
  ): Promise<void> {
    if (shares.length === 0) return;
    await manager.query(
      `INSERT INTO content.shares (share_id, tenant_id, employee_id, content_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) ON CONFLICT DO NOTHING`,
      [
        shares.map((share) => share.shareId),
        shares.map((share) => share.tenantId),
        shares.map((share) => share.employeeId),
        shares.map((share) => share.contentId),
      ],
    );
  }

  async remove(manager: EntityManager, tenantId: string, shareId: string): Promise<void> {
    await manager.query('DELETE FROM content.shares WHERE tenant_id = $1 AND share_id = $2', [
      tenantId,
      shareId,
    ]);
  }
}
