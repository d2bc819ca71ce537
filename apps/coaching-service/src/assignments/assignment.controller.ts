import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  AssignmentList,
  AssignmentQuery,
  AssignmentView,
  CreateAssignmentBody,
  TransitionBody,
  UnassignedList,
  UnassignedView,
  Uuid,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam, ZodQuery } from '@advocacy/platform';
import { AssignmentService } from './assignment.service';

@Controller('api/v1/assignments')
export class AssignmentController {
  constructor(private readonly assignments: AssignmentService) {}

  @Get()
  @ApiDoc({
    summary: 'List assignments: admins all (filter by state, kind, coachId, employeeId), coaches ?mine=true',
    response: AssignmentList,
  })
  async list(
    @Auth() auth: AuthContext,
    @ZodQuery(AssignmentQuery) query: AssignmentQuery,
  ): Promise<{ assignments: AssignmentView[] }> {
    return { assignments: await this.assignments.list(auth, query) };
  }

  // Before `:id`, which would take `unassigned` for an id and refuse it as not a uuid.
  @Get('unassigned')
  @Roles('admin')
  @ApiDoc({
    summary:
      'Advocates waiting for a coach, how long, why nobody fits, and whether admins were alerted (admin)',
    response: UnassignedList,
  })
  async unassigned(@Auth() auth: AuthContext): Promise<{ unassigned: UnassignedView[] }> {
    return { unassigned: await this.assignments.waiting(auth) };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One assignment with its transition history', response: AssignmentView })
  get(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string): Promise<AssignmentView> {
    return this.assignments.get(auth, id);
  }

  @Post()
  @Roles('admin')
  @ApiDoc({
    summary: 'Assign a coach by hand (admin); matched unless coachId is given',
    response: AssignmentView,
  })
  create(
    @Auth() auth: AuthContext,
    @ZodBody(CreateAssignmentBody) body: CreateAssignmentBody,
  ): Promise<AssignmentView> {
    return this.assignments.create(auth, body);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiDoc({ summary: 'Accept a proposal (the proposed coach or an admin)', response: AssignmentView })
  accept(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(TransitionBody) body: TransitionBody,
  ): Promise<AssignmentView> {
    return this.assignments.act(auth, id, 'accept', body.note ?? null);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Decline a proposal; the advocate is proposed to the next best coach',
    response: AssignmentView,
  })
  decline(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(TransitionBody) body: TransitionBody,
  ): Promise<AssignmentView> {
    return this.assignments.act(auth, id, 'decline', body.note ?? null);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiDoc({ summary: 'Complete an accepted assignment (its coach or an admin)', response: AssignmentView })
  complete(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(TransitionBody) body: TransitionBody,
  ): Promise<AssignmentView> {
    return this.assignments.act(auth, id, 'complete', body.note ?? null);
  }
}
