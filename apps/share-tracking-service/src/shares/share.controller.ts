import { Controller, Post } from '@nestjs/common';
import { CreateShareBody } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, ZodBody } from '@advocacy/platform';
import { ShareCreated, ShareService } from './share.service';

@Controller('api/v1/shares')
export class ShareController {
  constructor(private readonly shares: ShareService) {}

  @Post()
  @ApiDoc({ summary: 'Record a share of a content item and get its tracked link' })
  create(@Auth() auth: AuthContext, @ZodBody(CreateShareBody) body: CreateShareBody): Promise<ShareCreated> {
    return this.shares.create(auth, body);
  }
}
