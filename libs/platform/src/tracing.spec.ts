import { untracedRequest } from './tracing';

describe('untracedRequest: which requests the http instrumentation leaves alone', () => {
  const boardRead = (request: { method?: string; url?: string }) =>
    request.method === 'GET' && (request.url ?? '').startsWith('/api/v1/leaderboards/');
  const cases: {
    name: string;
    method: string;
    url: string;
    traceparent?: string;
    hotPath?: typeof boardRead;
    untraced: boolean;
  }[] = [
    { name: 'the health probe', method: 'GET', url: '/health/ready', untraced: true },
    { name: 'the metrics scrape', method: 'GET', url: '/metrics', untraced: true },
    {
      name: 'a hot path',
      method: 'GET',
      url: '/api/v1/leaderboards/global',
      hotPath: boardRead,
      untraced: true,
    },
    {
      name: 'a hot path whose caller sent a traceparent',
      method: 'GET',
      url: '/api/v1/leaderboards/global',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      hotPath: boardRead,
      untraced: false,
    },
    {
      name: 'another route of the service',
      method: 'POST',
      url: '/api/v1/leaderboards/rebuild',
      hotPath: boardRead,
      untraced: false,
    },
    {
      name: 'a service without hot paths',
      method: 'GET',
      url: '/api/v1/leaderboards/global',
      untraced: false,
    },
  ];
  it.each(cases)('$name → untraced $untraced', ({ method, url, traceparent, hotPath, untraced }) => {
    const headers = traceparent ? { traceparent } : {};
    expect(untracedRequest({ method, url, headers }, hotPath)).toBe(untraced);
  });
});
