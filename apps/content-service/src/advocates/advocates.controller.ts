import { Controller, Get, Put } from '@nestjs/common';
import { AdvocateProfile, PutProfileBody, PutRolesBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { AdvocatesService } from './advocates.service';

@Controller('api/v1')
export class AdvocatesController {
  constructor(private readonly advocates: AdvocatesService) {}

  @Get('roles')
  @ApiDoc({ summary: "The tenant's advocate roles on the impact/effort matrix" })
  async roles(@Auth() auth: AuthContext) {
    return { roles: await this.advocates.roles(auth.tenantId) };
  }

  @Put('roles')
  @Roles('admin')
  @ApiDoc({ summary: "Replace the tenant's advocate roles (admins)" })
  putRoles(@Auth() auth: AuthContext, @ZodBody(PutRolesBody) body: PutRolesBody) {
    return this.advocates.putRoles(auth, body);
  }

  @Get('me/profile')
  @ApiDoc({ summary: 'Your advocate profile', response: AdvocateProfile })
  profile(@Auth() auth: AuthContext) {
    return this.advocates.profile(auth);
  }

  @Put('me/profile')
  @ApiDoc({
    summary: 'Update your profile and chosen role; emits advocate.profile-updated',
    response: AdvocateProfile,
  })
  putProfile(@Auth() auth: AuthContext, @ZodBody(PutProfileBody) body: PutProfileBody) {
    return this.advocates.putProfile(auth, body);
  }
}
