/**
 * identity-dev — DEVELOPMENT ONLY OpenID provider for the demo tenant (see provider.ts). Discovery:
 * http://127.0.0.1:3009/oidc/.well-known/openid-configuration; through the edge, the issuer
 * http://localhost:8080/oidc.
 */
import { ConfigError } from '@advocacy/platform';
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
  const app = createIdentityApp(config);
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    process.stdout.write(
      `${JSON.stringify({ level: 'info', service: 'identity-dev', message: `development OpenID provider on http://${config.HOST}:${port}/oidc, issuer ${config.OIDC_ISSUER}`, port })}\n`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
