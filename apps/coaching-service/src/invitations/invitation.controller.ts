import { Controller, Get, Post, Res } from '@nestjs/common';
import {
  CreateInvitationBody,
  InvitationView,
  InviteCode,
  ProgrammeFunnel,
  ProgrammeInvitations,
  ProgrammeInvitationsQuery,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam, ZodQuery } from '@advocacy/platform';
import { Response } from 'express';
import { invitationsCsv } from './invitation.csv';
import { InvitationService } from './invitation.service';

@Controller('api/v1/invitations')
export class InvitationController {
  constructor(private readonly invitations: InvitationService) {}

  @Post()
  @ApiDoc({
    summary: 'Invite a colleague by their advocate id: a personal link with an unguessable code',
    response: InvitationView,
    responses: {
      409: 'the colleague has an invitation already (one per invitee)',
      422: 'self_invite, or invitee_already_active (they share already)',
    },
  })
  create(
    @Auth() auth: AuthContext,
    @ZodBody(CreateInvitationBody) body: CreateInvitationBody,
  ): Promise<InvitationView> {
    return this.invitations.create(auth, body);
  }

  @Get(':code')
  @ApiDoc({ summary: 'Open my invitation (the invitee, or an admin)', response: InvitationView })
  open(@Auth() auth: AuthContext, @ZodParam('code', InviteCode) code: string): Promise<InvitationView> {
    return this.invitations.open(auth, code);
  }

  @Post(':code/accept')
  @ApiDoc({
    summary: 'Accept my invitation: records who invited me (again: no change)',
    response: InvitationView,
  })
  accept(@Auth() auth: AuthContext, @ZodParam('code', InviteCode) code: string): Promise<InvitationView> {
    return this.invitations.accept(auth, code);
  }
}

/** The programme's invitation read for admins (the web app's Programme page). */
@Controller('api/v1/programme')
export class InvitationProgrammeController {
  constructor(private readonly invitations: InvitationService) {}

  @Get('invitations')
  @Roles('admin')
  @ApiDoc({
    summary: 'Every invitation and how far it got (admin); ?format=csv answers text/csv',
    response: ProgrammeInvitations,
  })
  async list(
    @Auth() auth: AuthContext,
    @ZodQuery(ProgrammeInvitationsQuery) query: ProgrammeInvitationsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProgrammeInvitations | string> {
    const items = await this.invitations.list(auth);
    if (query.format === 'json') return { items };
    response.type('text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="invitations.csv"');
    return invitationsCsv(items);
  }

  @Get('funnel')
  @Roles('admin')
  @ApiDoc({
    summary:
      'The first-share funnel of invitations: invited, accepted, first share, active in week 4 (admin)',
    response: ProgrammeFunnel,
  })
  funnel(@Auth() auth: AuthContext): Promise<ProgrammeFunnel> {
    return this.invitations.funnel(auth);
  }
}
