import { visitorAddress } from './visitor-address';

describe('visitorAddress', () => {
  const all = () => true;
  const none = () => false;
  const loopback = (address: string) => address === '127.0.0.1';

  it.each([
    ['no header: the peer', '10.0.0.1', undefined, all, '10.0.0.1'],
    ['trust all: the first forwarded address', '127.0.0.1', '203.0.113.7, 10.0.0.2', all, '203.0.113.7'],
    ['trust none: the peer', '127.0.0.1', '203.0.113.7', none, '127.0.0.1'],
    [
      'trusted peer only: the hop it names',
      '127.0.0.1',
      '198.51.100.9, 203.0.113.7',
      loopback,
      '203.0.113.7',
    ],
    ['untrusted peer: a forged header is ignored', '192.0.2.1', '203.0.113.7', loopback, '192.0.2.1'],
    ['repeated headers are one list', '127.0.0.1', ['203.0.113.7', '10.0.0.2'], all, '203.0.113.7'],
    ['no peer: empty', undefined, undefined, all, ''],
  ])('%s', (_case, peer, header, trust, expected) =>
    expect(visitorAddress(peer, header, trust)).toBe(expected),
  );
});
