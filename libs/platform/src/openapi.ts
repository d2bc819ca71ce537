import { Controller, Get, Header, Inject, Injectable, RequestMethod } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { Public } from './auth/guard';
import { ApiDocOptions, OPENAPI_BODY, OPENAPI_DOC, OPENAPI_QUERY } from './validation';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  } catch {
    return {};
  }
}

function joinPath(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${path}`;
}

/** Builds the OpenAPI document from the routes and the zod schemas their decorators validate with. */
@Injectable()
export class OpenApiBuilder {
  private cached?: Record<string, unknown>;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  document(): Record<string, unknown> {
    if (this.cached) return this.cached;
    const paths: Record<string, Record<string, unknown>> = {};
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined) ?? '';
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (routePath === undefined || method === undefined) continue;
        const path = joinPath(
          Array.isArray(base) ? base[0] : base,
          Array.isArray(routePath) ? routePath[0] : routePath,
        );
        const doc = Reflect.getMetadata(OPENAPI_DOC, prototype, name) as ApiDocOptions | undefined;
        const body = Reflect.getMetadata(OPENAPI_BODY, prototype, name) as z.ZodType | undefined;
        const query = Reflect.getMetadata(OPENAPI_QUERY, prototype, name) as z.ZodType | undefined;
        const operation: Record<string, unknown> = {
          operationId: `${type.name}.${name}`,
          summary: doc?.summary ?? name,
          tags: doc?.tags ?? [type.name.replace(/Controller$/, '')],
          parameters: [
            ...[...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
              name: match[1],
              in: 'path',
              required: true,
              schema: { type: 'string' },
            })),
            ...queryParameters(query),
          ],
          responses: {
            '200': {
              description: 'success',
              ...(doc?.response
                ? { content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } }
                : {}),
            },
            '4XX': { description: 'error', content: { 'application/json': { schema: ERROR_SCHEMA } } },
          },
        };
        if (body) {
          operation.requestBody = {
            required: true,
            content: { 'application/json': { schema: jsonSchema(body, 'input') } },
          };
        }
        const verb = RequestMethod[method].toLowerCase();
        (paths[path] ??= {})[verb === 'all' ? 'get' : verb] = operation;
      }
    }
    this.cached = {
      openapi: '3.1.0',
      info: { title: `advocacy ${this.service}`, version: '1.0.0' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      paths,
    };
    return this.cached;
  }
}

function queryParameters(query: z.ZodType | undefined): Record<string, unknown>[] {
  if (!query) return [];
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

@Public()
@Controller()
export class OpenApiController {
  constructor(private readonly builder: OpenApiBuilder) {}

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.builder.document();
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  docs(): string {
    const document = this.builder.document() as {
      info: { title: string };
      paths: Record<string, Record<string, { summary: string }>>;
    };
    const rows = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(
          ([verb, operation]) =>
            `<tr><td><code>${verb.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary)}</td></tr>`,
        ),
      )
      .join('\n');
    return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}td{padding:.2rem .8rem;border-bottom:1px solid #ddd}</style></head>
<body><h1>${escapeHtml(document.info.title)}</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>
<table>${rows}</table></body></html>`;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
