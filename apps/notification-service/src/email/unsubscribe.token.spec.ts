import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe.token';

const secret = 'unsubscribe-secret-for-tests';
const claim = { tenantId: 'acme', employeeId: 'alice', kind: 'badge' as const };

describe('unsubscribe tokens', () => {
  const token = unsubscribeToken(claim, secret);
  const [body, signature] = token.split('.');
  const other = Buffer.from(JSON.stringify(['acme', 'bob', 'badge'])).toString('base64url');

  it.each([
    ['the token as issued', token, claim],
    ['another secret', unsubscribeToken(claim, 'another-secret-entirely'), null],
    ['a body swapped for another person', `${other}.${signature}`, null],
    ['a truncated signature', `${body}.${signature.slice(0, -2)}`, null],
    ['no signature', body, null],
    ['an extra part', `${token}.x`, null],
    ['garbage', 'not-a-token-at-all', null],
  ])('%s', (_label, candidate, expected) => {
    expect(verifyUnsubscribeToken(candidate, secret)).toEqual(expected);
  });
});
