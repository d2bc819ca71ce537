import { createHmac, KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * The first-party signal of the sharer's own clicks. A browser click on a tracked link never carries
 * an Authorization header, so recording a share sets this cookie (HttpOnly, sent only to `/l/`), and
 * the redirect recognises the sharer by it. Signed with a key of this service: nobody can mint one
 * for somebody else, and a missing or forged cookie just means "not known to be the sharer".
 */
export const SHARER_COOKIE = 'adv_sharer';
const MAX_AGE_SECONDS = 365 * 86_400;

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const decode = (text: string) => Buffer.from(text, 'base64url').toString('utf8');
const mac = (key: KeyObject, body: string) =>
  createHmac('sha256', key).update(`sharer|${body}`).digest('base64url');

export function sharerCookieValue(key: KeyObject, tenantId: string, employeeId: string): string {
  const body = `${encode(tenantId)}.${encode(employeeId)}`;
  return `${body}.${mac(key, body)}`;
}

/** The `Set-Cookie` header value; `Secure` when the public links are served over https. */
export function sharerSetCookie(value: string, secure: boolean): string {
  return `${SHARER_COOKIE}=${value}; Path=/l/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The sharer named by a request's Cookie header, when its signature holds. */
export function readSharerCookie(
  key: KeyObject,
  header: string | undefined,
): { tenantId: string; employeeId: string } | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SHARER_COOKIE) continue;
    const [tenant, employee, signature] = rest.join('=').split('.');
    if (!tenant || !employee || !signature) return null;
    const expected = Buffer.from(mac(key, `${tenant}.${employee}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { tenantId: decode(tenant), employeeId: decode(employee) };
  }
  return null;
}
