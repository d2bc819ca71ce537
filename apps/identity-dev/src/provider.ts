/**
 * DEVELOPMENT ONLY: a real OpenID provider (the `oidc-provider` package) with the demo tenant's
 * people, so the web app's sign-in works on a fresh machine without a company IdP. Production signs
 * in with the tenant's own provider (Keycloak, Entra ID, Okta…); see the README. Keys live in memory
 * and change on every start (the services refetch the JWKS on an unknown `kid`), sessions too.
 */
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANT, DemoPerson } from '@advocacy/demo-directory';
import express, { Express } from 'express';
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import Provider, { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { IdentityConfig } from './config';
import { loginPage } from './login.page';

export const CLIENT_ID = 'advocacy-web';
export const SCOPES = 'openid profile email offline_access';
export const REDIRECT_URIS = ['http://localhost:8080/auth/callback', 'http://127.0.0.1:8080/auth/callback'];
export const POST_LOGOUT_REDIRECT_URIS = ['http://localhost:8080/', 'http://127.0.0.1:8080/'];
const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** RFC 8707 wants an absolute URI as the resource; the tokens' `aud` is AUTH_AUDIENCE. */
export const API_RESOURCE = 'urn:advocacy:api';

const byId = new Map(DEMO_PEOPLE.map((person) => [person.id, person]));

/** Our claims, in the ID token (profile scope) and in the access token for the API. */
const ourClaims = (person: DemoPerson) => ({
  tenant: DEMO_TENANT,
  roles: person.roles,
  ...(person.team ? { team: person.team } : {}),
});

function passwordMatches(given: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(DEMO_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createProvider(config: IdentityConfig): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
  const audience = config.AUTH_AUDIENCE;
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [...REDIRECT_URIS, ...config.OIDC_EXTRA_REDIRECT_URIS],
        // an extra redirect URI's origin is also where sign-out may return (an edge on another port)
        post_logout_redirect_uris: [
          ...new Set([
            ...POST_LOGOUT_REDIRECT_URIS,
            ...config.OIDC_EXTRA_REDIRECT_URIS.map((uri) => new URL('/', uri).href),
          ]),
        ],
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    // The app's token and refresh calls are CORS requests (the browser sends Origin even to its own
    // origin through the edge): allowed from the origins of the client's redirect URIs only.
    clientBasedCORS: (_ctx, origin, client) =>
      (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin),
    scopes: SCOPES.split(' '),
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'tenant', 'roles', 'team'],
      email: ['email', 'email_verified'],
    },
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: { AccessToken: ACCESS_TOKEN_TTL_SECONDS, IdToken: ACCESS_TOKEN_TTL_SECONDS },
    findAccount: (_ctx, id) => {
      const person = byId.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: person.name,
          preferred_username: id,
          email: person.email,
          email_verified: true,
          ...ourClaims(person),
        }),
      };
    },
    // The API's claims in the JWT access token, where the services read them.
    extraTokenClaims: (_ctx, token) => {
      const person = 'accountId' in token && token.accountId ? byId.get(token.accountId) : undefined;
      return person ? ourClaims(person) : {};
    },
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      // Access tokens are RS256 JWTs for the API even when the client names no `resource`.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: SCOPES,
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign-in error</title><h1>Sign-in error</h1><pre>${Object.entries(
        out,
      )
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join('\n')
        .replace(/[<>&]/g, '')}</pre></html>`;
    },
  };
  const provider = new Provider(config.OIDC_ISSUER, configuration);
  // Behind the edge (X-Forwarded-Proto/Host).
  provider.proxy = true;
  return provider;
}

/** The login-and-consent step of the code flow, then the provider itself at /oidc. */
export function createIdentityApp(config: IdentityConfig): Express {
  const provider = createProvider(config);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  app.get('/health/live', (_request, response) => {
    response.json({ status: 'live' });
  });

  app.get('/oidc/interaction/:uid', async (request, response, next) => {
    try {
      const details = await provider.interactionDetails(request, response);
      response
        .type('html')
        .set('cache-control', 'no-store')
        .send(
          loginPage({
            action: `/oidc/interaction/${details.uid}/login`,
            people: DEMO_PEOPLE,
            clientId: CLIENT_ID,
          }),
        );
    } catch (error) {
      next(error);
    }
  });

  app.post('/oidc/interaction/:uid/login', form, async (request, response, next) => {
    try {
      const details = await provider.interactionDetails(request, response);
      const body = request.body as { username?: unknown; password?: unknown };
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const person = byId.get(username);
      if (!person || !passwordMatches(password)) {
        response
          .status(401)
          .type('html')
          .send(
            loginPage({
              action: `/oidc/interaction/${details.uid}/login`,
              people: DEMO_PEOPLE,
              clientId: CLIENT_ID,
              error: 'Unknown user name or wrong password.',
              username,
            }),
          );
        return;
      }
      // Development: signing in is consenting to every requested scope for the API resource.
      const grant = new provider.Grant({ accountId: person.id, clientId: CLIENT_ID });
      grant.addOIDCScope(SCOPES);
      grant.addResourceScope(API_RESOURCE, SCOPES);
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: person.id }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      next(error);
    }
  });

  app.use('/oidc', provider.callback());
  return app;
}
