import { ClaimsMapping } from './auth-config';
import { mapClaims } from './token-verifier';

const mapping = ClaimsMapping.parse({});

describe('mapClaims: the e-mail claim', () => {
  it.each([
    ['a valid address', 'anna@example.com', 'anna@example.com'],
    ['no claim', undefined, undefined],
    ['not an address', 'anna', undefined],
    ['not a string', 42, undefined],
  ])('%s', (_label, email, expected) => {
    const auth = mapClaims(
      { sub: 'anna', tenant: 'acme', ...(email === undefined ? {} : { email }) },
      mapping,
    );
    // A bad e-mail claim is ignored; the token itself stays valid.
    expect(auth).toMatchObject({ tenantId: 'acme', employeeId: 'anna' });
    expect(typeof auth === 'string' ? auth : auth.email).toBe(expected);
  });
});
