import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  AcknowledgeGuidelinesBody,
  GuidelineCheckBody,
  GuidelinesDocument,
  GuidelineVersions,
  PutGuidelinesBody,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, BodyLimit, Roles, ZodBody } from '@advocacy/platform';
import { GuidelinesService } from './guidelines.service';

@Controller('api/v1/guidelines')
export class GuidelinesController {
  constructor(private readonly guidelines: GuidelinesService) {}

  @Get()
  @ApiDoc({
    summary: 'The current guidelines and whether you acknowledged them',
    response: GuidelinesDocument,
  })
  current(@Auth() auth: AuthContext) {
    return this.guidelines.current(auth);
  }

  @Get('versions')
  @Roles('admin')
  @ApiDoc({
    summary: 'Every published version with its acknowledgements and the rate among active advocates (admins)',
    response: GuidelineVersions,
  })
  versions(@Auth() auth: AuthContext) {
    return this.guidelines.versions(auth);
  }

  @Put()
  @Roles('admin')
  // a 200,000-character document plus the rule lists, at up to 4 bytes a character
  @BodyLimit(2 * 1024 * 1024)
  @ApiDoc({
    summary: 'Publish a new guidelines version (admins); emits guidelines.published',
    response: GuidelinesDocument,
  })
  publish(@Auth() auth: AuthContext, @ZodBody(PutGuidelinesBody) body: PutGuidelinesBody) {
    return this.guidelines.publish(auth, body);
  }

  @Post('check')
  @HttpCode(200)
  // a 70,000-character text at up to 4 bytes a character
  @BodyLimit(300 * 1024)
  @ApiDoc({ summary: 'Check a share text against the guidelines; findings point at the offending text' })
  check(@Auth() auth: AuthContext, @ZodBody(GuidelineCheckBody) body: GuidelineCheckBody) {
    return this.guidelines.check(auth, body);
  }

  @Post('acknowledge')
  @HttpCode(200)
  @ApiDoc({ summary: 'Acknowledge the current guidelines version; emits guidelines.acknowledged once' })
  acknowledge(
    @Auth() auth: AuthContext,
    @ZodBody(AcknowledgeGuidelinesBody) body: AcknowledgeGuidelinesBody,
  ) {
    return this.guidelines.acknowledge(auth, body);
  }
}
