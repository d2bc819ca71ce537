import { isTransientError } from './transient';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isTransientError', () => {
  it.each([
    ['connection refused (pg, ioredis)', withCode('ECONNREFUSED'), true],
    ['connection reset', withCode('ECONNRESET'), true],
    [
      'admin shutdown 57P01 (Postgres restart)',
      withCode('57P01', 'terminating connection due to administrator command'),
      true,
    ],
    ['crash shutdown 57P02', withCode('57P02'), true],
    ['cannot connect now 57P03 (recovery)', withCode('57P03', 'the database system is starting up'), true],
    ['connection exception class 08', withCode('08006'), true],
    ['too many connections 53300', withCode('53300'), true],
    ['serialization failure 40001', withCode('40001'), true],
    ['deadlock 40P01', withCode('40P01'), true],
    ['pg without a code', new Error('Connection terminated unexpectedly'), true],
    ['pg pool timeout', new Error('timeout exceeded when trying to connect'), true],
    ['ioredis closed', new Error('Connection is closed.'), true],
    ['ioredis retries', new Error('Reached the max retries per request limit (which is 20).'), true],
    [
      'TypeORM wrapping the driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
      true,
    ],
    ['a cause chain', new Error('outer', { cause: withCode('ECONNRESET') }), true],
    [
      'AggregateError of connection attempts',
      new AggregateError([withCode('ECONNREFUSED')], 'all failed'),
      true,
    ],
    ['unique violation 23505', withCode('23505', 'duplicate key value'), false],
    ['invalid text 22P02', withCode('22P02', 'invalid input syntax for type uuid'), false],
    ['not-null violation 23502', withCode('23502'), false],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'points')"), false],
    ['a validation error', new Error('payload.points: expected number'), false],
    ['not an error', 'boom', false],
    ['null', null, false],
    ['a code that is not a string', Object.assign(new Error('x'), { code: 57 }), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });

  it('stops at a depth of nesting instead of looping on a cycle', () => {
    const a: { cause?: unknown; message: string } = { message: 'a' };
    a.cause = a;
    expect(isTransientError(a)).toBe(false);
  });
});
