import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { AppError } from '@advocacy/platform';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { ScimError, scimErrorBody } from './scim.resources';

/** Every error of a SCIM route in RFC 7644 §3.12's shape, so provisioning clients can read it. */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, detail, scimType] = this.describe(error);
    response
      .status(status)
      .type('application/scim+json')
      .send(JSON.stringify(scimErrorBody(status, detail, scimType)));
  }

  private describe(error: unknown): [number, string, ScimError['scimType']] {
    if (error instanceof ScimError) return [error.status, error.detail, error.scimType];
    if (error instanceof AppError) {
      const fields = Array.isArray(error.details)
        ? (error.details as { path?: string; message?: string }[])
            .map((issue) => `${issue.path || 'body'}: ${issue.message ?? ''}`)
            .join('; ')
        : '';
      const detail = fields ? `${error.message} (${fields})` : error.message;
      return [error.status, detail, error.status === 400 ? 'invalidValue' : undefined];
    }
    if (error instanceof ZodError) return [400, error.message, 'invalidValue'];
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return [status, error.message, status === 400 ? 'invalidSyntax' : undefined];
    }
    this.logger.error(
      `SCIM request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return [500, 'internal error', undefined];
  }
}
