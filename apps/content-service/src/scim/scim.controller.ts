import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  SCIM_SCHEMAS,
  ScimGroupBody,
  ScimListQuery,
  ScimPatchBody,
  ScimTokenResponse,
  ScimUserBody,
} from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, Public, Roles, ZodBody, ZodQuery } from '@advocacy/platform';
import type { Request, Response } from 'express';
import { ScimErrorFilter } from './scim.filter';
import { MAX_PAGE, ScimError } from './scim.resources';
import { ScimService, Versioned } from './scim.service';

const SCIM_BASE = '/scim/v2';
const baseOf = (request: Request) =>
  `${request.protocol}://${request.get('host') ?? 'localhost'}${SCIM_BASE}`;

function send(response: Response, status: number, body: unknown, etag?: string, location?: string): void {
  response.status(status).type('application/scim+json');
  if (etag) response.setHeader('ETag', etag);
  if (location) response.setHeader('Location', location);
  response.send(JSON.stringify(body));
}

const sendVersioned = (response: Response, status: number, { resource, etag }: Versioned<object>) =>
  send(
    response,
    status,
    resource,
    etag,
    status === 201 ? (resource as { meta: { location: string } }).meta.location : undefined,
  );

/** For /openapi.json: the provisioning token is a bearer token; bodies and errors are SCIM's. */
const SCIM_DOC = {
  bearer: 'required',
  contentType: 'application/scim+json',
  errorContentType: 'application/scim+json',
} as const;

/**
 * SCIM 2.0 (RFC 7644) for the tenant's provisioning client: authenticated by the tenant's
 * provisioning token, not by a user's JWT, and answering errors in SCIM's own shape.
 */
@Controller('scim/v2')
@Public()
@UseFilters(ScimErrorFilter)
export class ScimController {
  constructor(private readonly scim: ScimService) {}

  @Get('ServiceProviderConfig')
  @ApiDoc({ summary: 'SCIM: what this service provider supports', ...SCIM_DOC })
  config(@Res() response: Response): void {
    send(response, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_PAGE },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Provisioning token',
          description: 'POST /api/v1/scim/token (admin)',
        },
      ],
    });
  }

  @Get('Users')
  @ApiDoc({ summary: 'SCIM: list users (filter userName/externalId eq, startIndex, count)', ...SCIM_DOC })
  async listUsers(
    @Headers('authorization') authorization: string | undefined,
    @ZodQuery(ScimListQuery) query: ScimListQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    send(response, 200, await this.scim.listUsers(tenantId, query, baseOf(request)));
  }

  @Get('Users/:id')
  @ApiDoc({ summary: 'SCIM: one user', ...SCIM_DOC })
  async getUser(
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    sendVersioned(response, 200, await this.scim.getUser(tenantId, id, baseOf(request)));
  }

  @Post('Users')
  @ApiDoc({ summary: 'SCIM: create (provision) a user', ...SCIM_DOC, status: 201 })
  async createUser(
    @Headers('authorization') authorization: string | undefined,
    @ZodBody(ScimUserBody) body: ScimUserBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    requireSchema(body.schemas, SCIM_SCHEMAS.user);
    sendVersioned(response, 201, await this.scim.createUser(tenantId, body, baseOf(request)));
  }

  @Put('Users/:id')
  @ApiDoc({ summary: 'SCIM: replace a user', ...SCIM_DOC })
  async replaceUser(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
    @ZodBody(ScimUserBody) body: ScimUserBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    requireSchema(body.schemas, SCIM_SCHEMAS.user);
    sendVersioned(response, 200, await this.scim.replaceUser(tenantId, id, body, ifMatch, baseOf(request)));
  }

  @Patch('Users/:id')
  @ApiDoc({ summary: 'SCIM: PATCH a user with Operations (add, replace, remove)', ...SCIM_DOC })
  async patchUser(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
    @ZodBody(ScimPatchBody) body: ScimPatchBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    sendVersioned(response, 200, await this.scim.patchUser(tenantId, id, body, ifMatch, baseOf(request)));
  }

  @Delete('Users/:id')
  @HttpCode(204)
  @ApiDoc({ summary: 'SCIM: deprovision a user (deactivates; the ledger stays)', ...SCIM_DOC })
  async deleteUser(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    await this.scim.deleteUser(tenantId, id, ifMatch);
  }

  @Get('Groups')
  @ApiDoc({ summary: 'SCIM: list groups (teams and the coaches group)', ...SCIM_DOC })
  async listGroups(
    @Headers('authorization') authorization: string | undefined,
    @ZodQuery(ScimListQuery) query: ScimListQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    send(response, 200, await this.scim.listGroups(tenantId, query, baseOf(request)));
  }

  @Get('Groups/:id')
  @ApiDoc({ summary: 'SCIM: one group', ...SCIM_DOC })
  async getGroup(
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    sendVersioned(response, 200, await this.scim.getGroup(tenantId, id, baseOf(request)));
  }

  @Post('Groups')
  @ApiDoc({
    summary: 'SCIM: create a group (a team; "coaches" is the coaches group)',
    ...SCIM_DOC,
    status: 201,
  })
  async createGroup(
    @Headers('authorization') authorization: string | undefined,
    @ZodBody(ScimGroupBody) body: ScimGroupBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    requireSchema(body.schemas, SCIM_SCHEMAS.group);
    sendVersioned(response, 201, await this.scim.createGroup(tenantId, body, baseOf(request)));
  }

  @Put('Groups/:id')
  @ApiDoc({ summary: 'SCIM: replace a group and its members', ...SCIM_DOC })
  async replaceGroup(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
    @ZodBody(ScimGroupBody) body: ScimGroupBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    requireSchema(body.schemas, SCIM_SCHEMAS.group);
    sendVersioned(response, 200, await this.scim.replaceGroup(tenantId, id, body, ifMatch, baseOf(request)));
  }

  @Patch('Groups/:id')
  @ApiDoc({ summary: 'SCIM: PATCH a group (members add/remove/replace, displayName)', ...SCIM_DOC })
  async patchGroup(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
    @ZodBody(ScimPatchBody) body: ScimPatchBody,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    sendVersioned(response, 200, await this.scim.patchGroup(tenantId, id, body, ifMatch, baseOf(request)));
  }

  @Delete('Groups/:id')
  @HttpCode(204)
  @ApiDoc({ summary: 'SCIM: delete a group (its members leave the team)', ...SCIM_DOC })
  async deleteGroup(
    @Headers('authorization') authorization: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id') id: string,
  ): Promise<void> {
    const tenantId = await this.scim.tenantOf(authorization);
    await this.scim.deleteGroup(tenantId, id, ifMatch);
  }
}

/** The admin's side: create or rotate the tenant's provisioning token. */
@Controller('api/v1/scim')
export class ScimAdminController {
  constructor(private readonly scim: ScimService) {}

  @Post('token')
  @Roles('admin')
  @HttpCode(201)
  @ApiDoc({
    summary: "Create or rotate the tenant's SCIM provisioning token (shown once; the old one stops working)",
    response: ScimTokenResponse,
  })
  async rotate(@Auth() auth: AuthContext, @Req() request: Request): Promise<ScimTokenResponse> {
    return { ...(await this.scim.rotateToken(auth.tenantId)), scimBaseUrl: baseOf(request) };
  }
}

function requireSchema(schemas: string[], schema: string): void {
  if (!schemas.includes(schema)) {
    throw new ScimError(400, `schemas must include ${schema}`, 'invalidSyntax');
  }
}
