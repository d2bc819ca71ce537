import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiDoc, Auth, AuthContext, Roles } from '@advocacy/platform';
import { RebuildReport, RebuildService } from './rebuild.service';

@Controller('api/v1/leaderboards')
export class RebuildController {
  constructor(private readonly rebuilds: RebuildService) {}

  @Post('rebuild')
  @Roles('admin')
  @HttpCode(200)
  @ApiDoc({ summary: 'Rebuild every board of the tenant from the scoring ledger, then switch atomically' })
  rebuild(@Auth() auth: AuthContext): Promise<RebuildReport> {
    return this.rebuilds.rebuild(auth.tenantId, auth.token);
  }
}
