import { NotificationKind } from '@advocacy/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link switches off: one kind of immediate mail, or the digest. */
export type MailKind = NotificationKind | 'digest';

export interface UnsubscribeClaim {
  tenantId: string;
  employeeId: string;
  kind: MailKind;
}

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

/**
 * `<base64url(json)>.<base64url(hmac)>`: the link carries who and what, the HMAC proves we wrote it.
 * It does not expire: a mail read a year later must still unsubscribe (RFC 8058 one-click).
 */
export function unsubscribeToken(claim: UnsubscribeClaim, secret: string): string {
  const body = Buffer.from(JSON.stringify([claim.tenantId, claim.employeeId, claim.kind])).toString(
    'base64url',
  );
  return `${body}.${sign(secret, body)}`;
}

export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeClaim | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string'))
      return null;
    const [tenantId, employeeId, kind] = parsed as [string, string, MailKind];
    return { tenantId, employeeId, kind };
  } catch {
    return null;
  }
}
