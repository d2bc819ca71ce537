import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ContentItem,
  ContentListQuery,
  ContentPage,
  ContentTransitionBody,
  CreateContentBody,
  ProposeContentBody,
  RejectContentBody,
  UpdateContentBody,
  Uuid,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, BodyLimit, Roles, ZodBody, ZodParam, ZodQuery } from '@advocacy/platform';
import { ContentService } from './content.service';

/** Captions: 5 networks × 20 × 5,000 characters, at up to 4 bytes a character, and the other fields. */
const CONTENT_BODY_LIMIT = 2 * 1024 * 1024;

@Controller('api/v1/content')
export class ContentController {
  constructor(private readonly content: ContentService) {}

  @Post()
  @BodyLimit(CONTENT_BODY_LIMIT)
  @Roles('editor')
  @ApiDoc({ summary: 'Create a draft content item (editors and admins)', response: ContentItem })
  create(@Auth() auth: AuthContext, @ZodBody(CreateContentBody) body: CreateContentBody) {
    return this.content.create(auth, body, false);
  }

  @Post('propose')
  @BodyLimit(CONTENT_BODY_LIMIT)
  @ApiDoc({
    summary: 'Propose content you found; it enters review with submittedBy = you',
    response: ContentItem,
  })
  propose(@Auth() auth: AuthContext, @ZodBody(ProposeContentBody) body: ProposeContentBody) {
    return this.content.create(auth, body, true);
  }

  @Get()
  @ApiDoc({
    summary:
      'List content; editors, reviewers and admins see every status, others published items and their own proposals',
    response: ContentPage,
  })
  list(@Auth() auth: AuthContext, @ZodQuery(ContentListQuery) query: ContentListQuery) {
    return this.content.list(auth, query);
  }

  @Get(':id')
  @ApiDoc({ summary: 'One content item; staff also get its transitions', response: ContentItem })
  get(@Auth() auth: AuthContext, @ZodParam('id', Uuid) id: string) {
    return this.content.get(auth, id);
  }

  @Patch(':id')
  @BodyLimit(CONTENT_BODY_LIMIT)
  @Roles('editor')
  @ApiDoc({ summary: 'Edit an item; editing a published item emits content.updated', response: ContentItem })
  update(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(UpdateContentBody) body: UpdateContentBody,
  ) {
    return this.content.update(auth, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('editor')
  @ApiDoc({ summary: 'draft → in_review', response: ContentItem })
  submit(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ContentTransitionBody) body: ContentTransitionBody,
  ) {
    return this.content.act(auth, id, 'submit', body.comment);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiDoc({ summary: 'in_review → approved (reviewers and admins)', response: ContentItem })
  approve(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ContentTransitionBody) body: ContentTransitionBody,
  ) {
    return this.content.act(auth, id, 'approve', body.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiDoc({ summary: 'in_review → draft with the reviewer comment', response: ContentItem })
  reject(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(RejectContentBody) body: RejectContentBody,
  ) {
    return this.content.act(auth, id, 'reject', body.comment);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiDoc({ summary: 'approved → published; emits content.published', response: ContentItem })
  publish(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ContentTransitionBody) body: ContentTransitionBody,
  ): Promise<ContentItem> {
    return this.content.act(auth, id, 'publish', body.comment);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('editor', 'reviewer')
  @ApiDoc({
    summary: 'draft/approved/published → archived; emits content.archived for published items',
    response: ContentItem,
  })
  archive(
    @Auth() auth: AuthContext,
    @ZodParam('id', Uuid) id: string,
    @ZodBody(ContentTransitionBody) body: ContentTransitionBody,
  ) {
    return this.content.act(auth, id, 'archive', body.comment);
  }
}
