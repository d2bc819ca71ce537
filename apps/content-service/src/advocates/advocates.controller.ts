import { Controller, Get, Put } from '@nestjs/common';
import {
  AdvocateProfile,
  EmployeeId,
  PutDirectoryEntryBody,
  PutProfileBody,
  PutRolesBody,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { AdvocatesService } from './advocates.service';
import { DirectoryService } from './directory.service';

@Controller('api/v1')
export class AdvocatesController {
  constructor(
    private readonly advocates: AdvocatesService,
    private readonly directory: DirectoryService,
  ) {}

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
    summary:
      "Update your chosen role, topics and language (team, manager, followers and active state are the directory's: 400); emits advocate.profile-updated",
    response: AdvocateProfile,
  })
  putProfile(@Auth() auth: AuthContext, @ZodBody(PutProfileBody) body: PutProfileBody) {
    return this.advocates.putProfile(auth, body);
  }

  @Put('advocates/:employeeId')
  @Roles('admin')
  @ApiDoc({
    summary: 'Set what the company decides about an advocate (team, manager, followers, active) without SCIM',
    response: AdvocateProfile,
  })
  putEntry(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
    @ZodBody(PutDirectoryEntryBody) body: PutDirectoryEntryBody,
  ) {
    return this.directory.putEntry(auth, employeeId, body);
  }
}
