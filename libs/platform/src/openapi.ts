import { Controller, Get, Header, Inject, Injectable, Param, RequestMethod, Res } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';
import path from 'node:path';
import { z } from 'zod';
import {
  createDocument,
  ZodOpenApiObject,
  ZodOpenApiOperationObject,
  ZodOpenApiParameters,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';
import * as contracts from '@advocacy/contracts';
import { Public, PUBLIC_KEY, ROLES_KEY } from './auth/guard';
import { UNLIMITED_PATHS } from './rate-limit';
import {
  ApiDoc,
  ApiDocOptions,
  OPENAPI_BODY,
  OPENAPI_DOC,
  OPENAPI_PARAMS,
  OPENAPI_QUERY,
} from './validation';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** The one error shape of every service (see errors.ts). */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().meta({ description: 'machine-readable, e.g. `validation_failed`' }),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input; `error.details` names the fields',
  401: 'no valid credential',
  403: 'the caller lacks the role',
  404: 'not found',
  429: 'rate limited; see Retry-After',
};

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Type = new (...args: never[]) => unknown;

interface Route {
  type: Type;
  handler: string;
  method: Method;
  path: string;
  doc?: ApiDocOptions;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType>;
  isPublic: boolean;
  hasRoles: boolean;
  httpCode?: number;
}

/** `/api/v1/shares/:id` → `/api/v1/shares/{id}` (OpenAPI's path template). */
export function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1).replace(/\?$/, '')}}` : segment))
    .join('/');
  return `/${joined}`;
}

const first = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
const pascal = (value: string) =>
  value.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, __, char: string) => char.toUpperCase());

/**
 * Names of the shared schemas: every zod schema that `@advocacy/contracts` exports becomes a
 * component under its export name, so generated clients say `ShareCreatedBody`, not an anonymous type.
 */
function contractNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(contracts)) {
    if (value instanceof z.ZodType && !names.has(value)) names.set(value, name);
  }
  names.set(ErrorResponse, 'Error');
  return names;
}

type SchemaObject = Record<string, unknown>;

function renders(schema: z.ZodType, io: 'input' | 'output'): boolean {
  try {
    z.toJSONSchema(schema, { io, unrepresentable: 'throw' });
    return true;
  } catch {
    return false;
  }
}

function lenientJsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return rest;
}

function successStatus(route: Route): number {
  return route.doc?.status ?? route.httpCode ?? (route.method === 'post' ? 201 : 200);
}

/** Builds the OpenAPI 3.1 document from the routes and the zod schemas they validate with (zod-openapi). */
@Injectable()
export class OpenApiBuilder {
  private cached?: Record<string, unknown>;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  document(): Record<string, unknown> {
    this.cached ??= buildOpenApiDocument(
      this.service,
      this.discovery
        .getControllers()
        .map((wrapper) => wrapper.metatype as Type | undefined)
        .filter((type): type is Type => typeof type === 'function'),
    );
    return this.cached;
  }
}

function routesOf(type: Type): Route[] {
  const base = first(Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined);
  const prototype = type.prototype as Record<string, unknown>;
  const routes: Route[] = [];
  for (const handler of Object.getOwnPropertyNames(prototype)) {
    const fn = prototype[handler];
    if (handler === 'constructor' || typeof fn !== 'function') continue;
    const routePath = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
    if (routePath === undefined || method === undefined) continue;
    const verb = RequestMethod[method].toLowerCase();
    const meta = <T>(key: string) =>
      (Reflect.getMetadata(key, fn) as T | undefined) ?? (Reflect.getMetadata(key, type) as T | undefined);
    routes.push({
      type,
      handler,
      method: (verb === 'all' ? 'get' : verb) as Method,
      path: openApiPath(base, first(routePath)),
      doc: Reflect.getMetadata(OPENAPI_DOC, prototype, handler) as ApiDocOptions | undefined,
      body: Reflect.getMetadata(OPENAPI_BODY, prototype, handler) as z.ZodType | undefined,
      query: Reflect.getMetadata(OPENAPI_QUERY, prototype, handler) as z.ZodType | undefined,
      params: (Reflect.getMetadata(OPENAPI_PARAMS, prototype, handler) as Record<string, z.ZodType>) ?? {},
      isPublic: meta<boolean>(PUBLIC_KEY) === true,
      hasRoles: (meta<unknown[]>(ROLES_KEY)?.length ?? 0) > 0,
      httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined,
    });
  }
  return routes;
}

/** The document of one service from its controller classes; exported for the document tests. */
export function buildOpenApiDocument(service: string, controllers: Type[]): Record<string, unknown> {
  const known = contractNames();
  const components = new Map<string, z.ZodType>([['Error', ErrorResponse]]);
  /**
   * A shared schema under its contract name, a service's own under the route's name. A component is
   * rendered both as input and as output, so a schema with a transform (which has no output JSON
   * Schema) stays inline: as zod where it is input, as its JSON Schema where it is a response.
   */
  const named = (schema: z.ZodType, fallback: string, io: 'input' | 'output'): z.ZodType | SchemaObject => {
    if ([...components.values()].includes(schema)) return schema;
    if (!renders(schema, 'output')) return io === 'input' ? schema : lenientJsonSchema(schema);
    let name = known.get(schema) ?? fallback;
    for (let n = 2; components.has(name); n++) name = `${known.get(schema) ?? fallback}${n}`;
    components.set(name, schema);
    return schema;
  };

  const paths: Record<string, Partial<Record<Method, ZodOpenApiOperationObject>>> = {};
  const tags = new Set<string>();
  for (const route of controllers.flatMap(routesOf)) {
    const owner = route.type.name.replace(/Controller$/, '');
    const prefix = `${pascal(owner)}${pascal(route.handler)}`;
    const operationTags = route.doc?.tags ?? [owner];
    operationTags.forEach((tag) => tags.add(tag));
    const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    const requestParams: ZodOpenApiParameters = {};
    if (pathNames.length > 0) {
      requestParams.path = z.object(
        Object.fromEntries(pathNames.map((name) => [name, route.params[name] ?? z.string()])),
      );
    }
    if (route.query instanceof z.ZodObject) requestParams.query = route.query;

    const operation: ZodOpenApiOperationObject = {
      operationId: `${route.type.name}.${route.handler}`,
      summary: route.doc?.summary ?? route.handler,
      tags: operationTags,
      requestParams,
      responses: responsesOf(route, (schema) => named(schema, `${prefix}Response`, 'output')),
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: named(route.body, `${prefix}Body`, 'input') } },
      };
    }
    const bearer = route.doc?.bearer;
    if (route.isPublic)
      operation.security = bearer === 'required' ? [{ bearer: [] }] : bearer ? [{}, { bearer: [] }] : [];
    (paths[route.path] ??= {})[route.method] = operation;
  }

  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: `advocacy ${service}`,
      version: '1.0.0',
      description: `The HTTP API of ${service}. Every route but the public ones takes a bearer JWT.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative: the same document is right on the service's own port and behind the edge.
    servers: [{ url: '/', description: `${service}, or the edge in front of it` }],
    tags: [...tags].sort().map((name) => ({ name, description: `${name} routes` })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(components),
    },
    paths,
  };
  return createDocument(document, {
    allowEmptySchema: { custom: true },
    override: ({ jsonSchema }) => completeRecordKeys(jsonSchema),
  }) as unknown as Record<string, unknown>;
}

/**
 * zod renders `z.record(z.enum([...]), V)` as `propertyNames` plus `required` without `properties`;
 * naming each key as a property says the same in a way OpenAPI tools (and Redocly) understand.
 */
function completeRecordKeys(schema: SchemaObject): void {
  const keys = (schema.propertyNames as { enum?: unknown[] } | undefined)?.enum;
  const required = schema.required as string[] | undefined;
  if (!keys || !required || schema.properties || typeof schema.additionalProperties !== 'object') return;
  schema.properties = Object.fromEntries(keys.map((key) => [String(key), schema.additionalProperties]));
}

function responsesOf(
  route: Route,
  named: (schema: z.ZodType) => z.ZodType | SchemaObject,
): ZodOpenApiResponsesObject {
  const status = successStatus(route);
  const contentType = route.doc?.contentType ?? 'application/json';
  const body = route.doc?.response
    ? { content: { [contentType]: { schema: named(route.doc.response) } } }
    : route.doc?.contentType
      ? { content: { [contentType]: { schema: z.string() } } }
      : {};
  const responses: ZodOpenApiResponsesObject = {};
  responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] = {
    description: route.doc?.summary ?? 'success',
    ...(status === 204 || status >= 300 ? {} : body),
    ...(status >= 300 && status < 400
      ? { headers: z.object({ Location: z.string().meta({ description: 'where to go' }) }) }
      : {}),
  };
  const inferred: Record<number, string> = {};
  if (route.body || route.query || Object.keys(route.params).length > 0) inferred[400] = ERROR_TEXT[400];
  if (!route.isPublic || route.doc?.bearer) inferred[401] = ERROR_TEXT[401];
  if (route.hasRoles) inferred[403] = ERROR_TEXT[403];
  if (route.path.includes('{')) inferred[404] = ERROR_TEXT[404];
  if (!UNLIMITED_PATHS.test(route.path)) inferred[429] = ERROR_TEXT[429];
  for (const [code, description] of Object.entries({ ...inferred, ...route.doc?.responses })) {
    const n = Number(code);
    const key = code as `${1 | 2 | 3 | 4 | 5}${string}`;
    if (n === status) continue;
    if (n < 300) responses[key] = { description, ...(n === 204 ? {} : body) };
    else if (n < 400) responses[key] = { description };
    else if (route.doc?.errorContentType)
      responses[key] = {
        description,
        content: {
          [route.doc.errorContentType]: {
            schema: route.doc.errorContentType.startsWith('text/') ? z.string() : z.unknown(),
          },
        },
      };
    else responses[key] = { description, content: { 'application/json': { schema: ErrorResponse } } };
  }
  return responses;
}

const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);
/** Swagger UI's start, a file rather than an inline script, so the default CSP (`script-src 'self'`) holds. */
const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: new URL('openapi.json', document.baseURI).href, dom_id: '#api', deepLinking: true, tryItOutEnabled: true, persistAuthorization: false });\n`;

@Public()
@Controller()
export class OpenApiController {
  constructor(private readonly builder: OpenApiBuilder) {}

  @Get('openapi.json')
  @ApiDoc({ summary: 'This OpenAPI document', tags: ['Documentation'] })
  openapi(): Record<string, unknown> {
    return this.builder.document();
  }

  /** Swagger UI (swagger-ui-dist, served from this service: no CDN), with try-it-out. */
  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiDoc({
    summary: 'The API reference and try-it-out (Swagger UI)',
    tags: ['Documentation'],
    contentType: 'text/html',
  })
  docs(): string {
    const title = escapeHtml(String((this.builder.document().info as { title: string }).title));
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="docs/swagger-ui.css"><link rel="icon" href="docs/favicon-32x32.png"></head>
<body><main id="api"><h1>${title}</h1><p>Machine-readable: <a href="openapi.json">openapi.json</a></p></main>
<script src="docs/swagger-ui-bundle.js"></script><script src="docs/init.js"></script></body></html>`;
  }

  @Get('docs/:asset')
  @ApiDoc({
    summary: "Swagger UI's files",
    tags: ['Documentation'],
    contentType: 'application/octet-stream',
    responses: { 404: 'no such file' },
  })
  asset(@Param('asset') asset: string, @Res() response: Response): void {
    if (asset === 'init.js') {
      response.type('text/javascript').send(SWAGGER_INIT);
    } else if (SWAGGER_ASSETS.has(asset)) {
      response.setHeader('Cache-Control', 'public, max-age=86400');
      response.sendFile(path.join(SWAGGER_UI, asset));
    } else {
      response.status(404).json({ error: { code: 'not_found', message: `no such file: ${asset}` } });
    }
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
