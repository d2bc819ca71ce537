import type { SignInMethod } from './auth';

/**
 * Development sign-in (builds of `--mode dev-sign-in` only): a token from `npm run token`, handed
 * over as `#dev_token=<JWT>` in the address (the fragment never reaches a server) or pasted on the
 * sign-in page. It lives in this tab's sessionStorage, so a reload keeps it and a new tab asks again.
 */
const KEY = 'advocacy.dev-token';
let listener: (token: string | null) => void = () => undefined;

export const devTokenSignIn: SignInMethod = {
  boot() {
    const match = /[#&]dev_token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return Promise.resolve({ token: sessionStorage.getItem(KEY) });
  },
  signIn() {
    // an expired or refused token: back to the sign-in page, which asks for a fresh one
    sessionStorage.removeItem(KEY);
    listener(null);
    return Promise.resolve();
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    return Promise.resolve();
  },
  onTokenChange(next) {
    listener = next;
  },
  acceptToken(token) {
    sessionStorage.setItem(KEY, token);
    listener(token);
  },
};
