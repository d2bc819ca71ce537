import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** The claims of the access token that the app reads to shape its navigation (the API decides access). */
export interface Claims {
  sub: string;
  tenant: string;
  roles: string[];
  team?: string;
  name?: string;
}

export interface Session {
  accessToken: string;
  claims: Claims;
}

type Listener = (session: Session | null) => void;

const origin = window.location.origin;
const SIGNED_IN_FLAG = 'advocacy.signed-in';

/**
 * OpenID Connect code flow with PKCE against `${origin}/oidc`. Tokens live in memory only (a reload
 * signs in again, silently when the provider's session is still open); the refresh token renews them.
 */
export const oidc = new UserManager({
  authority: `${origin}/oidc`,
  client_id: 'advocacy-web',
  redirect_uri: `${origin}/auth/callback`,
  post_logout_redirect_uri: `${origin}/`,
  scope: 'openid profile email offline_access',
  response_type: 'code',
  userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  automaticSilentRenew: true,
});

let current: Session | null = null;
const listeners = new Set<Listener>();

function decodeClaims(token: string): Claims | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
    const json = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    if (typeof json.sub !== 'string' || typeof json.tenant !== 'string') return null;
    return {
      sub: json.sub,
      tenant: json.tenant,
      roles: Array.isArray(json.roles) ? json.roles.filter((r) => typeof r === 'string') : [],
      team: typeof json.team === 'string' ? json.team : undefined,
      name: typeof json.name === 'string' ? json.name : undefined,
    };
  } catch {
    return null;
  }
}

function setSession(session: Session | null): void {
  current = session;
  for (const listener of listeners) listener(session);
}

function fromUser(user: User | null): Session | null {
  if (!user || user.expired) return null;
  const claims = decodeClaims(user.access_token);
  return claims ? { accessToken: user.access_token, claims } : null;
}

oidc.events.addUserLoaded((user) => setSession(fromUser(user)));
oidc.events.addUserUnloaded(() => setSession(null));
oidc.events.addSilentRenewError(() => setSession(null));

export const session = (): Session | null => current;
export const accessToken = (): string | null => current?.accessToken ?? null;
export function onSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const hasRole = (role: string): boolean =>
  !!current && (current.claims.roles.includes(role) || current.claims.roles.includes('admin'));

export async function signIn(returnTo = window.location.pathname + window.location.search): Promise<void> {
  sessionStorage.setItem(SIGNED_IN_FLAG, '1');
  await oidc.signinRedirect({ state: { returnTo } });
}

export async function signOut(): Promise<void> {
  sessionStorage.removeItem(SIGNED_IN_FLAG);
  const user = await oidc.getUser();
  setSession(null);
  if (user) await oidc.signoutRedirect({ id_token_hint: user.id_token });
}

/**
 * Runs once at start: finishes a sign-in redirect, or re-enters the provider when this tab was signed
 * in before a reload. Returns the path to show.
 */
export async function bootAuth(): Promise<{ returnTo?: string }> {
  if (import.meta.env.VITE_DEV_SIGN_IN === 'true') {
    // Development and browser-test builds only (vite --mode e2e): `#dev_token=<HS256 JWT>` signs in
    // without the provider. Production builds do not contain this branch.
    const match = /[#&]dev_token=([^&]+)/.exec(window.location.hash);
    if (match) {
      const token = decodeURIComponent(match[1]);
      const claims = decodeClaims(token);
      history.replaceState(null, '', window.location.pathname + window.location.search);
      if (claims) setSession({ accessToken: token, claims });
      return {};
    }
  }
  if (window.location.pathname === '/auth/callback') {
    const user = await oidc.signinRedirectCallback();
    setSession(fromUser(user));
    const state = user.state as { returnTo?: string } | undefined;
    return { returnTo: state?.returnTo && state.returnTo.startsWith('/') ? state.returnTo : '/' };
  }
  setSession(fromUser(await oidc.getUser()));
  if (!current && sessionStorage.getItem(SIGNED_IN_FLAG) === '1') await signIn();
  return {};
}
