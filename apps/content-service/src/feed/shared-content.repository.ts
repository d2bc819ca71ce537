import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The "already shared" projection of share.v1 that keeps shared items out of an advocate's feed. */
@Injectable()
export class SharedContentRepository {
  async add(
    manager: EntityManager,
    share: { shareId: string; tenantId: string; employeeId: string; contentId: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO content.shares (share_id, tenant_id, employee_id, content_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [share.shareId, share.tenantId, share.employeeId, share.contentId],
    );
  }

  async remove(manager: EntityManager, tenantId: string, shareId: string): Promise<void> {
    await manager.query('DELETE FROM content.shares WHERE tenant_id = $1 AND share_id = $2', [
      tenantId,
      shareId,
    ]);
  }
}
