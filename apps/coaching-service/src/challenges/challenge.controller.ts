import { Controller, Get, Post } from '@nestjs/common';
import {
  ChallengeList,
  ChallengeProgress,
  ChallengeView,
  ChallengeWinners,
  CreateChallengeBody,
  Uuid,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { z } from 'zod';
import { ChallengeCloseService } from './challenge-close.service';
import { ChallengeService } from './challenge.service';

@Controller('api/v1/challenges')
export class ChallengeController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly closes: ChallengeCloseService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiDoc({
    summary: 'Set a time-boxed goal for everyone, a team or a role, with an optional prize (admin)',
    response: ChallengeView,
  })
  create(
    @Auth() auth: AuthContext,
    @ZodBody(CreateChallengeBody) body: CreateChallengeBody,
  ): Promise<ChallengeView> {
    return this.challenges.create(auth, body);
  }

  @Get()
  @ApiDoc({
    summary: 'Challenges, newest end first, with how many completed and my own progress',
    response: ChallengeList,
  })
  async list(@Auth() auth: AuthContext): Promise<{ challenges: ChallengeView[] }> {
    return { challenges: await this.challenges.list(auth) };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One challenge with my progress', response: ChallengeView })
  get(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string): Promise<ChallengeView> {
    return this.challenges.get(auth, id);
  }

  @Get(':id/progress')
  @ApiDoc({
    summary: 'Progress per person, best first (completed earlier ranks higher on equal progress)',
    response: ChallengeProgress,
  })
  progress(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
  ): Promise<z.infer<typeof ChallengeProgress>> {
    return this.challenges.standings(auth, id);
  }

  @Get(':id/winners')
  @ApiDoc({
    summary: 'The winners fixed when the challenge closed at its end (none, closedAt null, while it runs)',
    response: ChallengeWinners,
  })
  winners(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string): Promise<ChallengeWinners> {
    return this.closes.winners(auth, id);
  }
}
