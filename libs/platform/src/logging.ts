import { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/** One JSON object per line on stdout: what log shippers want, what `jq` reads. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'info',
  ) {
    this.threshold = LEVELS[level];
  }

  log(message: unknown, ...context: unknown[]) {
    this.write('info', message, context);
  }
  error(message: unknown, ...context: unknown[]) {
    this.write('error', message, context);
  }
  warn(message: unknown, ...context: unknown[]) {
    this.write('warn', message, context);
  }
  debug(message: unknown, ...context: unknown[]) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, ...context: unknown[]) {
    this.write('debug', message, context);
  }

  private write(level: Exclude<LogLevel, 'silent'>, message: unknown, context: unknown[]) {
    if (LEVELS[level] < this.threshold) return;
    const scope = context.length > 0 ? context[context.length - 1] : undefined;
    const extra = context.slice(0, -1).filter((item) => item !== undefined);
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(typeof scope === 'string' ? { scope } : {}),
      msg: message instanceof Error ? message.message : message,
      ...(message instanceof Error && message.stack ? { stack: message.stack } : {}),
      ...(extra.length > 0 ? { extra } : {}),
    };
    (level === 'error' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }
}
