import { createSecretKey } from 'node:crypto';
import { readSharerCookie, sharerCookieValue, sharerSetCookie } from './sharer-cookie';

const key = createSecretKey(Buffer.from('sharer-cookie-key-0123456789'));
const other = createSecretKey(Buffer.from('another-key-0123456789abcdef'));
const value = sharerCookieValue(key, 'acme', 'alice');

describe('sharer cookie', () => {
  it.each<[string, string | undefined, { tenantId: string; employeeId: string } | null]>([
    ['its own cookie', `adv_sharer=${value}`, { tenantId: 'acme', employeeId: 'alice' }],
    ['among other cookies', `a=1; adv_sharer=${value}; b=2`, { tenantId: 'acme', employeeId: 'alice' }],
    ['no header', undefined, null],
    ['no such cookie', 'a=1; b=2', null],
    [
      'another employee with the same signature',
      `adv_sharer=${sharerCookieValue(key, 'acme', 'bob').split('.').slice(0, 2).join('.')}.${value.split('.')[2]}`,
      null,
    ],
    ['signed with another key', `adv_sharer=${sharerCookieValue(other, 'acme', 'alice')}`, null],
    ['truncated', `adv_sharer=${value.slice(0, 10)}`, null],
    ['garbage', 'adv_sharer=...', null],
  ])('%s', (_name, header, expected) => expect(readSharerCookie(key, header)).toEqual(expected));

  it('keeps ids with dots and unicode intact', () => {
    const cookie = sharerCookieValue(key, 't.1', 'émile.d');
    expect(readSharerCookie(key, `adv_sharer=${cookie}`)).toEqual({ tenantId: 't.1', employeeId: 'émile.d' });
  });

  it.each([
    [false, `adv_sharer=${value}; Path=/l/; Max-Age=31536000; HttpOnly; SameSite=Lax`],
    [true, `adv_sharer=${value}; Path=/l/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure`],
  ])('Set-Cookie with secure=%s', (secure, header) => expect(sharerSetCookie(value, secure)).toBe(header));
});
