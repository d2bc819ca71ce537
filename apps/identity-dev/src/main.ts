/**
 * identity-dev — DEVELOPMENT ONLY OpenID provider for the demo tenant (see provider.ts). Discovery:
 * http://127.0.0.1:3009/oidc/.well-known/openid-configuration; through the edge, the issuer
 * http://localhost:8080/oidc.
 *
 * Not `runMain(createApp)` like the services: it is an express app around oidc-provider (Koa), with no
 * Nest module, no database to migrate and no Kafka. It keeps their conventions otherwise: tracing
 * loaded first, one pino line per event, a bad variable exits naming it, SIGTERM closes cleanly.
 */
import './instrument';
import { ConfigError, createLogger } from '@advocacy/platform';
import { loadIdentityConfig } from './config';
import { createIdentityApp } from './provider';

function main(): void {
  let config;
  try {
    config = loadIdentityConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger('identity-dev', config.LOG_LEVEL);
  const app = createIdentityApp(config);
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info(
      { port, issuer: config.OIDC_ISSUER },
      `development OpenID provider on http://${config.HOST}:${port}/oidc`,
    );
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'failed to start');
    logger.flush();
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
