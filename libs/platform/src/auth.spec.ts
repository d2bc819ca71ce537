import jwt from 'jsonwebtoken';
import { signToken, verifyToken } from './auth';

const SECRET = 'unit-test-secret-0123456789';

describe('verifyToken: the e-mail claim', () => {
  it.each([
    ['a valid address', 'anna@example.com', 'anna@example.com'],
    ['no claim', undefined, undefined],
    ['not an address', 'anna', undefined],
    ['not a string', 42, undefined],
  ])('%s', (_label, email, expected) => {
    const token = jwt.sign(
      { sub: 'anna', tenant: 'acme', ...(email === undefined ? {} : { email }) },
      SECRET,
      {
        algorithm: 'HS256',
        expiresIn: 60,
      },
    );
    const auth = verifyToken(token, SECRET);
    // A bad e-mail claim is ignored; the token itself stays valid.
    expect(auth).toMatchObject({ tenantId: 'acme', employeeId: 'anna' });
    expect(auth?.email).toBe(expected);
  });

  it('signToken writes the claim', () => {
    const token = signToken({ tenant: 'acme', sub: 'anna', email: 'anna@example.com' }, SECRET);
    expect(verifyToken(token, SECRET)?.email).toBe('anna@example.com');
  });
});
