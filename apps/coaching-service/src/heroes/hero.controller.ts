import { Controller, Get } from '@nestjs/common';
import { HeroList } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles } from '@advocacy/platform';
import { z } from 'zod';
import { HeroRepository } from './hero.repository';

@Controller('api/v1/heroes')
export class HeroController {
  constructor(private readonly heroes: HeroRepository) {}

  @Get()
  @Roles('admin', 'coach')
  @ApiDoc({
    summary: 'HEROs, active and lapsed, since when and their coach (admin, coach)',
    response: HeroList,
  })
  async list(@Auth() auth: AuthContext): Promise<z.infer<typeof HeroList>> {
    return { heroes: await this.heroes.list(auth.tenantId) };
  }
}
