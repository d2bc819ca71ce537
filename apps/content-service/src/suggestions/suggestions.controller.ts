import { Controller, Get } from '@nestjs/common';
import { TodaysSuggestionsBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext } from '@advocacy/platform';
import { SuggestionsService, TodaysSuggestions } from './suggestions.service';

@Controller('api/v1/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @ApiDoc({
    summary: "Today's suggestions for you (the daily job's picks, with the reason)",
    response: TodaysSuggestionsBody,
  })
  today(@Auth() auth: AuthContext): Promise<TodaysSuggestions> {
    return this.suggestions.today(auth.tenantId, auth.employeeId);
  }
}
