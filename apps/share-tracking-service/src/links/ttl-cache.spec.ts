import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let time = 0;
  const cache = () => new TtlCache<string | null>(1000, 2, () => time);
  beforeEach(() => {
    time = 0;
  });

  it('answers until the entry expires, null included', () => {
    const links = cache();
    links.set('a', 'A');
    links.set('b', null);
    time = 999;
    expect(links.get('a')).toBe('A');
    expect(links.get('b')).toBeNull();
    time = 1000;
    expect(links.get('a')).toBeUndefined();
    expect(links.size).toBe(1);
  });

  it('drops the oldest entry at the bound and forgets on delete', () => {
    const links = cache();
    links.set('a', 'A');
    links.set('b', 'B');
    links.set('c', 'C');
    expect([links.get('a'), links.get('b'), links.get('c')]).toEqual([undefined, 'B', 'C']);
    links.delete('b');
    expect(links.get('b')).toBeUndefined();
  });

  it('restarts the lifetime of an entry set again', () => {
    const links = cache();
    links.set('a', 'A');
    time = 900;
    links.set('a', 'A2');
    time = 1500;
    expect(links.get('a')).toBe('A2');
  });
});
