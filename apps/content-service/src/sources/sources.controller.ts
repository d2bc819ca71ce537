import { Controller, Get, Post } from '@nestjs/common';
import { CreateSourceBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody } from '@advocacy/platform';
import { SourcesService } from './sources.service';

@Controller('api/v1/sources')
@Roles('admin')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Post()
  @ApiDoc({ summary: 'Register an RSS or Atom feed; its new entries land as drafts (admins)' })
  create(@Auth() auth: AuthContext, @ZodBody(CreateSourceBody) body: CreateSourceBody) {
    return this.sources.create(auth, body);
  }

  @Get()
  @ApiDoc({ summary: 'Registered feeds with their last poll (admins)' })
  list(@Auth() auth: AuthContext) {
    return this.sources.list(auth);
  }
}
