// No imports: instrument.ts loads this before the instrumentations patch anything.

/** `/l/<code>`, optionally with a trailing slash or a query; anything deeper is not ours. */
const REDIRECT_PATH = /^\/l\/([^/?]+)\/?(?:\?|$)/;

/** The link code a GET or HEAD of a tracked link asks for, or null for any other request. */
export function redirectCodeOf(method: string | undefined, url: string | undefined): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  return REDIRECT_PATH.exec(url ?? '')?.[1] ?? null;
}
