import { Controller, Get, Put } from '@nestjs/common';
import { BadgeRules, BadgeRulesVersions, EmployeeId } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { AwardedBadge } from './badge.repository';
import { BadgeService } from './badge.service';
import { HeroMark, HeroProjection } from './hero.projection';

@Controller('api/v1/badges')
export class BadgeController {
  constructor(
    private readonly badges: BadgeService,
    private readonly heroes: HeroProjection,
  ) {}

  @Get('rules')
  @Roles('admin')
  @ApiDoc({ summary: "The tenant's badge rules (defaults until an admin sets them)", response: BadgeRules })
  rules(@Auth() auth: AuthContext): Promise<BadgeRules> {
    return this.badges.rules(auth.tenantId);
  }

  @Put('rules')
  @Roles('admin')
  @ApiDoc({
    summary: "Replace the tenant's badge rules: thresholds, streaks, rank badges, HERO criteria",
    response: BadgeRules,
  })
  setRules(@Auth() auth: AuthContext, @ZodBody(BadgeRules) rules: BadgeRules): Promise<BadgeRules> {
    return this.badges.setRules(auth.tenantId, rules, auth.employeeId);
  }

  @Get('rules/versions')
  @Roles('admin')
  @ApiDoc({
    summary: 'Every saved version of the badge rules, newest first (the 100 latest), with who saved it',
    response: BadgeRulesVersions,
  })
  ruleVersions(@Auth() auth: AuthContext): Promise<BadgeRulesVersions> {
    return this.badges.ruleVersions(auth.tenantId);
  }

  @Get(':employeeId')
  @ApiDoc({
    summary: "An advocate's badges with when and why they were awarded, and their HERO status (null if none)",
  })
  async list(
    @Auth() auth: AuthContext,
    @ZodParam('employeeId', EmployeeId) employeeId: string,
  ): Promise<{ employeeId: string; badges: AwardedBadge[]; hero: HeroMark | null }> {
    const [badges, hero] = await Promise.all([
      this.badges.list(auth.tenantId, employeeId),
      this.heroes.of(auth.tenantId, employeeId),
    ]);
    return { employeeId, badges, hero };
  }
}
