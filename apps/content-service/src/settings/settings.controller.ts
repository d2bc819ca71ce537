import { Controller, Get, Put } from '@nestjs/common';
import { TenantSettingsBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { SettingsService } from './settings.service';

@Controller('api/v1/tenant/settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiDoc({
    summary: "The tenant's time zone and daily suggestion hour (admins)",
    response: TenantSettingsBody,
  })
  get(@Auth() auth: AuthContext) {
    return this.settings.get(auth.tenantId);
  }

  @Put()
  @ApiDoc({
    summary: "Set the tenant's time zone and daily suggestion hour (admins)",
    response: TenantSettingsBody,
  })
  put(@Auth() auth: AuthContext, @ZodBody(TenantSettingsBody) body: TenantSettingsBody) {
    return this.settings.put(auth.tenantId, body);
  }
}
