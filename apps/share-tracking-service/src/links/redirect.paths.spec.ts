import { redirectCodeOf } from './redirect.paths';

describe('redirectCodeOf: the requests the lean redirect answers', () => {
  it.each([
    ['GET', '/l/Ab12Cd34', 'Ab12Cd34'],
    ['HEAD', '/l/Ab12Cd34/', 'Ab12Cd34'],
    ['GET', '/l/Ab12Cd34?utm_source=x', 'Ab12Cd34'],
    ['GET', '/l/Ab12Cd34/deeper', null],
    ['POST', '/l/Ab12Cd34', null],
    ['GET', '/api/v1/shares', null],
  ])('%s %s', (method, url, expected) => {
    expect(redirectCodeOf(method, url)).toBe(expected);
  });
});
