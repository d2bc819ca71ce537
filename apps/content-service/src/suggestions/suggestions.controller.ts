import { Controller, Get } from '@nestjs/common';
import { SuggestionsToday } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext } from '@advocacy/platform';
import { SuggestionsService } from './suggestions.service';

@Controller('api/v1/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @ApiDoc({
    summary: "Today's suggestions for you (tenant's local day), with the reason",
    response: SuggestionsToday,
  })
  today(@Auth() auth: AuthContext): Promise<SuggestionsToday> {
    return this.suggestions.today(auth.tenantId, auth.employeeId);
  }
}
