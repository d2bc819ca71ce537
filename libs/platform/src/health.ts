import { Controller, Get, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from './auth/guard';

export type ReadinessCheck = () => Promise<void>;

/** Modules register what readiness depends on; /health/ready runs them all with a timeout. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async run(timeoutMs = 2000): Promise<Record<string, { ok: boolean; error?: string }>> {
    const entries: (readonly [string, { ok: boolean; error?: string }])[] = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return [name, { ok: true }] as const;
        } catch (error) {
          return [
            name,
            { ok: false, error: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() response: Response) {
    const checks = await this.registry.run();
    const ok = Object.values(checks).every((check) => check.ok);
    response.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', checks });
  }
}
