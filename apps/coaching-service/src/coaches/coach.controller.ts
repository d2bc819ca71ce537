import { Controller, Get, Patch, Post, Put } from '@nestjs/common';
import {
  CoachList,
  CoachView,
  CreateCoachBody,
  EmployeeId,
  ReplaceCoachBody,
  UpdateCoachBody,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { CoachService } from './coach.service';

@Controller('api/v1/coaches')
@Roles('admin')
export class CoachController {
  constructor(private readonly coaches: CoachService) {}

  @Post()
  @ApiDoc({ summary: 'Register a coach (admin)', response: CoachView })
  create(@Auth() auth: AuthContext, @ZodBody(CreateCoachBody) body: CreateCoachBody): Promise<CoachView> {
    return this.coaches.create(auth, body);
  }

  @Get()
  @ApiDoc({ summary: 'List coaches with their current load (admin)', response: CoachList })
  async list(@Auth() auth: AuthContext): Promise<{ coaches: CoachView[] }> {
    return { coaches: await this.coaches.list(auth) };
  }

  @Put(':employeeId')
  @ApiDoc({ summary: "Replace a coach's profile, availability and capacity (admin)", response: CoachView })
  replace(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
    @ZodBody(ReplaceCoachBody) body: ReplaceCoachBody,
  ): Promise<CoachView> {
    return this.coaches.update(auth, employeeId, body);
  }

  @Patch(':employeeId')
  @ApiDoc({
    summary: "Change some of a coach's fields, e.g. availability or capacity (admin)",
    response: CoachView,
  })
  patch(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
    @ZodBody(UpdateCoachBody) body: UpdateCoachBody,
  ): Promise<CoachView> {
    return this.coaches.update(auth, employeeId, body);
  }
}
