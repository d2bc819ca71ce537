import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { EmployeeId, HeroList, HeroView, MyHero, NominateHeroBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { HeroService } from './hero.service';

@Controller('api/v1')
export class HeroController {
  constructor(private readonly heroes: HeroService) {}

  @Get('heroes')
  @ApiDoc({
    summary: 'HEROs, active and lapsed, since when, why, and (admins and coaches) their coach',
    response: HeroList,
  })
  async list(@Auth() auth: AuthContext): Promise<{ heroes: HeroView[] }> {
    return { heroes: await this.heroes.list(auth) };
  }

  @Post('heroes')
  @Roles('admin')
  @ApiDoc({
    summary:
      'Nominate a HERO (admin): active at once, a coach is proposed, `hero.qualified` with basis nominated',
    response: HeroView,
  })
  nominate(@Auth() auth: AuthContext, @ZodBody(NominateHeroBody) body: NominateHeroBody): Promise<HeroView> {
    return this.heroes.nominate(auth, body);
  }

  @Delete('heroes/:employeeId')
  @Roles('admin')
  @HttpCode(200)
  @ApiDoc({
    summary: 'End a HERO status (admin): `hero.lapsed` with cause removed; 404 when not an active HERO',
    response: HeroView,
  })
  remove(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
  ): Promise<HeroView> {
    return this.heroes.remove(auth, employeeId);
  }

  @Get('me/hero')
  @ApiDoc({
    summary: 'My HERO status, progress towards the rule over its rolling window, and my coach',
    response: MyHero,
  })
  me(@Auth() auth: AuthContext): Promise<MyHero> {
    return this.heroes.me(auth);
  }
}
