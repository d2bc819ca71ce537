import { Body, Param, PipeTransform, Query } from '@nestjs/common';
import { z } from 'zod';
import { AppError, validationError } from './errors';
import { unsafeTextPaths } from './request-body';

export const OPENAPI_BODY = 'advocacy:openapi:body';
export const OPENAPI_QUERY = 'advocacy:openapi:query';
export const OPENAPI_DOC = 'advocacy:openapi:doc';
export const OPENAPI_PARAMS = 'advocacy:openapi:params';

export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: string,
  ) {}

  transform(value: unknown): z.output<S> {
    const unsafe = unsafeTextPaths(
      value,
      this.where === 'body' || this.where === 'query' ? [] : [this.where],
    );
    if (unsafe.length > 0) {
      const fields = unsafe.map((path) => path || this.where);
      throw new AppError(
        400,
        'invalid_characters',
        `invalid ${this.where}: ${fields.join(', ')} (NUL, control characters and lone surrogates are not accepted)`,
        fields.map((path) => ({ path, code: 'invalid_characters' })),
      );
    }
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw validationError(result.error, this.where);
    return result.data;
  }
}

type ParamDecoratorTarget = object;

function remember(
  key: string,
  schema: z.ZodType,
  target: ParamDecoratorTarget,
  method: string | symbol | undefined,
) {
  if (method !== undefined) Reflect.defineMetadata(key, schema, target, method);
}

/** Validates the body with the schema and records it for /openapi.json — one truth for both. */
export const ZodBody =
  <S extends z.ZodType>(schema: S): ParameterDecorator =>
  (target, method, index) => {
    remember(OPENAPI_BODY, schema, target, method);
    Body(new ZodPipe(schema, 'body'))(target, method, index);
  };

export const ZodQuery =
  <S extends z.ZodType>(schema: S): ParameterDecorator =>
  (target, method, index) => {
    remember(OPENAPI_QUERY, schema, target, method);
    Query(new ZodPipe(schema, 'query'))(target, method, index);
  };

export const ZodParam =
  <S extends z.ZodType>(name: string, schema: S): ParameterDecorator =>
  (target, method, index) => {
    if (method !== undefined) {
      const known = (Reflect.getMetadata(OPENAPI_PARAMS, target, method) as Record<string, z.ZodType>) ?? {};
      Reflect.defineMetadata(OPENAPI_PARAMS, { ...known, [name]: schema }, target, method);
    }
    Param(name, new ZodPipe(schema, `path parameter ${name}`))(target, method, index);
  };

export interface ApiDocOptions {
  summary: string;
  /** Schema of the success body (JSON unless `contentType` says otherwise; a line of it for NDJSON). */
  response?: z.ZodType;
  tags?: string[];
  /**
   * The success status, where neither Nest's default (201 for POST, 200 otherwise) nor @HttpCode
   * says it: routes that answer through `@Res()` (302 of the tracked link, 201 of SCIM creates).
   */
  status?: number;
  /** Media type of the success body: `text/event-stream`, `application/x-ndjson`, `text/html`… */
  contentType?: string;
  /** Media type of the error answers when they are not the JSON error body (the tracked link's pages). */
  errorContentType?: string;
  /**
   * Further answers of this route beyond what the builder infers (400 for validated input, 401
   * unless public, 403 with @Roles, 404 with a path parameter, 429): status → when it is sent.
   * A 2xx here carries the same body as the success status (e.g. 200 for an idempotent replay).
   */
  responses?: Record<number, string>;
  /**
   * A @Public() route that still needs a bearer credential of its own (SCIM's provisioning token),
   * or a public route that accepts an optional JWT: it is then documented with the bearer scheme.
   */
  bearer?: 'required' | 'optional';
}

/** Summary, response schema and statuses of a route for /openapi.json. */
export const ApiDoc =
  (options: ApiDocOptions): MethodDecorator =>
  (target, method) => {
    Reflect.defineMetadata(OPENAPI_DOC, options, target, method);
  };
