import { Controller, HttpStatus, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EngagementRecordedBody, RecordEngagementBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { EngagementService } from './engagement.service';

@Controller('api/v1/engagements')
export class EngagementController {
  constructor(private readonly engagements: EngagementService) {}

  /** 201 for a new observation; 200 with the earlier observation for a replay. */
  @Post()
  @Roles('integration')
  @ApiDoc({
    summary: 'Record a cumulative engagement observation of a share (admin or integration token)',
    response: EngagementRecordedBody,
    responses: { 200: 'a replay of an earlier observation' },
  })
  async record(
    @Auth() auth: AuthContext,
    @ZodBody(RecordEngagementBody) body: RecordEngagementBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EngagementRecordedBody> {
    const result = await this.engagements.record(auth, body);
    response.status(result.duplicate ? HttpStatus.OK : HttpStatus.CREATED);
    return result;
  }
}
