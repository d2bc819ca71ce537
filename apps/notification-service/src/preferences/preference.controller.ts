import { Controller, Get, Put } from '@nestjs/common';
import {
  NotificationDefaults,
  NotificationPreferencesResponse,
  UpdateNotificationDefaultsBody,
  UpdateNotificationPreferencesBody,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { PreferenceService } from './preference.service';

@Controller('api/v1')
export class PreferenceController {
  constructor(private readonly preferences: PreferenceService) {}

  @Get('me/notification-preferences')
  @ApiDoc({
    summary: 'Your notification choices and what applies (tenant defaults filled in)',
    response: NotificationPreferencesResponse,
  })
  mine(@Auth() auth: AuthContext) {
    return this.preferences.mine(auth.tenantId, auth.employeeId);
  }

  @Put('me/notification-preferences')
  @ApiDoc({
    summary:
      'Change your channel per kind (off / in-app / email), digest days and hour, quiet hours, time zone',
    response: NotificationPreferencesResponse,
  })
  updateMine(
    @Auth() auth: AuthContext,
    @ZodBody(UpdateNotificationPreferencesBody) body: UpdateNotificationPreferencesBody,
  ) {
    return this.preferences.updateMine(auth.tenantId, auth.employeeId, body);
  }

  @Get('notification-preferences/defaults')
  @Roles('admin')
  @ApiDoc({ summary: "The tenant's notification defaults (admin)", response: NotificationDefaults })
  defaults(@Auth() auth: AuthContext) {
    return this.preferences.defaults(auth.tenantId);
  }

  @Put('notification-preferences/defaults')
  @Roles('admin')
  @ApiDoc({ summary: "Change the tenant's notification defaults (admin)", response: NotificationDefaults })
  updateDefaults(
    @Auth() auth: AuthContext,
    @ZodBody(UpdateNotificationDefaultsBody) body: UpdateNotificationDefaultsBody,
  ) {
    return this.preferences.updateDefaults(auth.tenantId, body);
  }
}
