import { Controller, Get, Post } from '@nestjs/common';
import { MenteeList, MyCoach, SendTipBody, TipSent } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { z } from 'zod';
import { MenteeService } from './mentee.service';

@Controller('api/v1')
export class MenteeController {
  constructor(private readonly mentees: MenteeService) {}

  @Get('mentees')
  @Roles('coach')
  @ApiDoc({
    summary: "The coach's active mentees with last share and 8-week points trend",
    response: MenteeList,
  })
  async list(@Auth() auth: AuthContext): Promise<z.infer<typeof MenteeList>> {
    return { mentees: await this.mentees.list(auth) };
  }

  @Get('me/coach')
  @ApiDoc({ summary: "The caller's own coach (an accepted assignment), or null", response: MyCoach })
  myCoach(@Auth() auth: AuthContext): Promise<z.infer<typeof MyCoach>> {
    return this.mentees.myCoach(auth);
  }

  @Post('tips')
  @Roles('coach')
  @ApiDoc({
    summary: 'Send a tip to your active mentees, or a subset (coaching.tip-sent)',
    response: TipSent,
  })
  sendTip(
    @Auth() auth: AuthContext,
    @ZodBody(SendTipBody) body: SendTipBody,
  ): Promise<z.infer<typeof TipSent>> {
    return this.mentees.sendTip(auth, body);
  }
}
