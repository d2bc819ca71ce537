// DEVELOPMENT ONLY: the local SMTP server of `npm start` (see mail-dev.ts).
import { z } from 'zod';
import { startMailDev } from './mail-dev';

const Env = z.object({
  MAILDEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  MAILDEV_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3008),
  MAILDEV_HOST: z.string().default('127.0.0.1'),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  process.stderr.write(
    `invalid configuration:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}\n`,
  );
  process.exit(1);
}
startMailDev({
  smtpPort: parsed.data.MAILDEV_SMTP_PORT,
  httpPort: parsed.data.MAILDEV_HTTP_PORT,
  host: parsed.data.MAILDEV_HOST,
}).then(
  (server) => {
    process.stdout.write(
      `mail-dev: SMTP on ${parsed.data.MAILDEV_HOST}:${server.smtpPort}, messages at ${server.url}\n`,
    );
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`mail-dev failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
