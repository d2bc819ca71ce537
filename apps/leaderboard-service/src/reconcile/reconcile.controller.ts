import { Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiDoc, Auth, AuthContext, Roles, ZodQuery } from '@advocacy/platform';
import { ReconcileReport, ReconcileService } from './reconcile.service';

const ReconcileQuery = z.strictObject({
  /** `false` only measures: the report without the repair. */
  repair: z.enum(['true', 'false']).default('true'),
});

@Controller('api/v1/leaderboards')
export class ReconcileController {
  constructor(private readonly reconciler: ReconcileService) {}

  @Post('reconcile')
  @Roles('admin')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Compare every board of the tenant with the scoring ledger; repair drift with a rebuild',
  })
  reconcile(
    @Auth() auth: AuthContext,
    @ZodQuery(ReconcileQuery) query: z.infer<typeof ReconcileQuery>,
  ): Promise<ReconcileReport> {
    return this.reconciler.reconcile(auth.tenantId, query.repair === 'true');
  }
}
