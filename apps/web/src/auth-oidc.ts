import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInMethod } from './auth';

const SIGNED_IN_FLAG = 'advocacy.signed-in';

/**
 * OpenID Connect code flow with PKCE against `${origin}/oidc` (client `advocacy-web`). Tokens live in
 * memory only: a reload signs in again, silently while the provider's session is open, and the
 * refresh token renews them.
 */
export function oidcSignIn(): SignInMethod {
  const origin = window.location.origin;
  const oidc = new UserManager({
    authority: `${origin}/oidc`,
    client_id: 'advocacy-web',
    redirect_uri: `${origin}/auth/callback`,
    post_logout_redirect_uri: `${origin}/`,
    scope: 'openid profile email offline_access',
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
  });
  const tokenOf = (user: User | null) => (user && !user.expired ? user.access_token : null);
  const signIn = async (returnTo: string) => {
    sessionStorage.setItem(SIGNED_IN_FLAG, '1');
    await oidc.signinRedirect({ state: { returnTo } });
  };
  return {
    async boot() {
      if (window.location.pathname === '/auth/callback') {
        const user = await oidc.signinRedirectCallback();
        const state = user.state as { returnTo?: string } | undefined;
        return { token: tokenOf(user), returnTo: state?.returnTo ?? '/' };
      }
      const token = tokenOf(await oidc.getUser());
      // this tab was signed in before a reload: re-enter the provider (silent while its session lasts)
      if (!token && sessionStorage.getItem(SIGNED_IN_FLAG) === '1')
        await signIn(window.location.pathname + window.location.search);
      return { token };
    },
    signIn,
    async signOut() {
      sessionStorage.removeItem(SIGNED_IN_FLAG);
      const user = await oidc.getUser();
      if (user) await oidc.signoutRedirect({ id_token_hint: user.id_token });
    },
    onTokenChange(listener) {
      oidc.events.addUserLoaded((user) => listener(tokenOf(user)));
      oidc.events.addUserUnloaded(() => listener(null));
      oidc.events.addSilentRenewError(() => listener(null));
    },
  };
}
