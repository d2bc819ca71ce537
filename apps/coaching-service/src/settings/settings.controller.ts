import { Controller, Get, Put } from '@nestjs/common';
import { CoachingSettings, UpdateCoachingSettingsBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Clock, Roles, ZodBody } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { SettingsRepository } from './settings.repository';

@Controller('api/v1/settings')
@Roles('admin')
export class SettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiDoc({ summary: "The tenant's coaching settings (admin)", response: CoachingSettings })
  get(@Auth() auth: AuthContext): Promise<CoachingSettings> {
    return this.settings.get(this.dataSource.manager, auth.tenantId);
  }

  @Put()
  @ApiDoc({
    summary: 'Change inactivity days, escalation days or the proposal time-to-live (admin)',
    response: CoachingSettings,
  })
  put(
    @Auth() auth: AuthContext,
    @ZodBody(UpdateCoachingSettingsBody) body: UpdateCoachingSettingsBody,
  ): Promise<CoachingSettings> {
    return this.dataSource.transaction(async (manager) => {
      const next = { ...(await this.settings.get(manager, auth.tenantId)), ...body };
      await this.settings.put(manager, auth.tenantId, next, this.clock.now());
      return next;
    });
  }
}
