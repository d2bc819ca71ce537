import { Controller, Get, Put } from '@nestjs/common';
import { ScoringRules, ScoringRulesResponse, ScoringRulesVersions } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { RulesService } from './rules.service';

@Controller('api/v1/scoring/rules')
@Roles('admin')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiDoc({
    summary: "The tenant's scoring rules in effect and their version",
    response: ScoringRulesResponse,
  })
  current(@Auth() auth: AuthContext): Promise<ScoringRulesResponse> {
    return this.rules.current(auth.tenantId);
  }

  @Get('versions')
  @ApiDoc({
    summary: 'Every stored version of the scoring rules, newest first (the 100 latest), with who saved it',
    response: ScoringRulesVersions,
  })
  versions(@Auth() auth: AuthContext): Promise<ScoringRulesVersions> {
    return this.rules.history(auth.tenantId);
  }

  @Put()
  @ApiDoc({
    summary: 'Replace the scoring rules; stored as the next version, applies from now on',
    response: ScoringRulesResponse,
  })
  replace(
    @Auth() auth: AuthContext,
    @ZodBody(ScoringRules) body: ScoringRules,
  ): Promise<ScoringRulesResponse> {
    return this.rules.replace(auth, body);
  }
}
