import { randomInt } from 'node:crypto';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const MIN_LINK_CODE_LENGTH = 8;

/** An unguessable tracked-link code: `length` base62 characters from the OS's secure random source. */
export function generateLinkCode(length = 10): string {
  if (length < MIN_LINK_CODE_LENGTH)
    throw new RangeError(`a link code has at least ${MIN_LINK_CODE_LENGTH} characters`);
  let code = '';
  for (let index = 0; index < length; index += 1) code += BASE62[randomInt(BASE62.length)];
  return code;
}
