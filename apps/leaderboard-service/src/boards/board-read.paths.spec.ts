import { boardReadOf } from './board-read.paths';

describe('boardReadOf: the requests the lean board-read path answers', () => {
  it.each([
    ['GET', '/api/v1/leaderboards/global', ['global', undefined, undefined, undefined]],
    [
      'GET',
      '/api/v1/leaderboards/team:t1?period=week&limit=5',
      ['team:t1', undefined, undefined, 'period=week&limit=5'],
    ],
    ['GET', '/api/v1/leaderboards/global/rank/alice?period=all', ['global', 'rank', 'alice', 'period=all']],
    ['GET', '/api/v1/leaderboards/global/around/alice/', ['global', 'around', 'alice', undefined]],
    ['GET', '/api/v1/leaderboards/settings', null],
    ['GET', '/api/v1/leaderboards/global/stream', null],
    ['POST', '/api/v1/leaderboards/global', null],
    ['GET', '/api/v1/badges', null],
  ])('%s %s', (method, url, expected) => {
    expect(boardReadOf(method, url)).toEqual(expected);
  });
});
