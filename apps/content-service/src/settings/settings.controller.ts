import { Controller, Get, Put } from '@nestjs/common';
import { TenantSettings, TenantSettingsView } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { SettingsService } from './settings.service';

@Controller('api/v1/tenant/settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiDoc({
    summary: "The tenant's settings: time zone, week start, languages, programme name (admins)",
    response: TenantSettingsView,
  })
  get(@Auth() auth: AuthContext): Promise<TenantSettingsView> {
    return this.settings.view(auth.tenantId);
  }

  @Put()
  @ApiDoc({
    summary:
      "Replace the tenant's settings (admins); emits tenant.settings-updated, which every service's periods follow",
    response: TenantSettingsView,
  })
  put(@Auth() auth: AuthContext, @ZodBody(TenantSettings) body: TenantSettings): Promise<TenantSettingsView> {
    return this.settings.put(auth.tenantId, body);
  }
}
