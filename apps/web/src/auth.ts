/**
 * The app's session: who is signed in and the bearer token every API call and stream carries.
 * How a token is obtained is one sign-in method, chosen when the app is built (`VITE_SIGN_IN`):
 * - `oidc` (the default, and production): OpenID Connect code flow with PKCE against `/oidc` on
 *   this origin (./auth-oidc.ts);
 * - `dev-token`: a development token from `npm run token`, only in builds made with
 *   `vite build --mode dev-sign-in` (`npm start`'s build and the browser tests; ./auth-dev.ts).
 * The other method's code is not in the bundle: the condition is a constant Vite writes in.
 */

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

/** What a way of signing in provides; the rest of the app never knows which one it is. */
export interface SignInMethod {
  /** Runs once at start: the token this tab already has (a redirect's result, a renewed session) and where to go. */
  boot(): Promise<{ token: string | null; returnTo?: string }>;
  signIn(returnTo: string): Promise<void>;
  signOut(): Promise<void>;
  /** Called with the renewed token, or null when the session ended. */
  onTokenChange(listener: (token: string | null) => void): void;
  /** Development sign-in only: a token pasted on the sign-in page. */
  acceptToken?(token: string): void;
}

export const SIGN_IN: 'oidc' | 'dev-token' =
  import.meta.env.VITE_SIGN_IN === 'dev-token' ? 'dev-token' : 'oidc';

const loadMethod = (): Promise<SignInMethod> =>
  SIGN_IN === 'dev-token'
    ? import('./auth-dev').then((module) => module.devTokenSignIn)
    : import('./auth-oidc').then((module) => module.oidcSignIn());

type Listener = (session: Session | null) => void;

let method: SignInMethod | null = null;
let current: Session | null = null;
const listeners = new Set<Listener>();

export function decodeClaims(token: string): Claims | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
    const json = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims> & { exp?: unknown };
    if (typeof json.sub !== 'string' || typeof json.tenant !== 'string') return null;
    if (typeof json.exp === 'number' && json.exp * 1000 < Date.now()) return null;
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

function setToken(token: string | null): void {
  const claims = token ? decodeClaims(token) : null;
  current = token && claims ? { accessToken: token, claims } : null;
  for (const listener of listeners) listener(current);
}

export const session = (): Session | null => current;
/** The one way to obtain the bearer token for a request or a stream. */
export const accessToken = (): string | null => current?.accessToken ?? null;
export function onSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const hasRole = (role: string): boolean =>
  !!current && (current.claims.roles.includes(role) || current.claims.roles.includes('admin'));

export async function signIn(returnTo = window.location.pathname + window.location.search): Promise<void> {
  await method?.signIn(returnTo);
}

export async function signOut(): Promise<void> {
  setToken(null);
  await method?.signOut();
}

/** False when the token is not one this app can use (malformed, expired, no tenant). */
export function signInWithToken(token: string): boolean {
  if (!method?.acceptToken || !decodeClaims(token.trim())) return false;
  method.acceptToken(token.trim());
  return true;
}

/** Runs once at start, before the first render. Returns the path to show. */
export async function bootAuth(): Promise<{ returnTo?: string }> {
  method = await loadMethod();
  method.onTokenChange(setToken);
  const { token, returnTo } = await method.boot();
  setToken(token);
  return {
    returnTo: returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : undefined,
  };
}
