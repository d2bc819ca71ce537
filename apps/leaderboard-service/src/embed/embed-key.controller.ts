import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { EmbedKeyCreate, EmbedKeyId, EmbedKeyList, EmbedKeyMinted } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Roles, ZodBody, ZodParam } from '@advocacy/platform';
import { EmbedKeyService } from './embed-key.service';

@Controller('api/v1/embed-keys')
@Roles('admin')
export class EmbedKeyController {
  constructor(private readonly keys: EmbedKeyService) {}

  @Post()
  @ApiDoc({
    summary:
      'Mint a read-only embed key for one board scope and a set of periods; the secret is shown only now',
    response: EmbedKeyMinted,
  })
  mint(@Auth() auth: AuthContext, @ZodBody(EmbedKeyCreate) body: EmbedKeyCreate): Promise<EmbedKeyMinted> {
    return this.keys.mint(auth, body);
  }

  @Get()
  @ApiDoc({ summary: "The tenant's embed keys, revoked ones included, newest first", response: EmbedKeyList })
  async list(@Auth() auth: AuthContext): Promise<EmbedKeyList> {
    return { items: await this.keys.list(auth.tenantId) };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiDoc({ summary: 'Revoke an embed key: its widgets are refused and its open streams end' })
  revoke(@Auth() auth: AuthContext, @ZodParam('keyId', EmbedKeyId) keyId: string): Promise<void> {
    return this.keys.revoke(auth.tenantId, keyId);
  }
}
