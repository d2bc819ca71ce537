// Loaded first by main.ts: the instrumentations patch http, express, pg and ioredis before they load.
import { startTracing } from '@advocacy/platform/tracing';
import { redirectCodeOf } from './links/redirect.paths';

startTracing({
  service: 'share-tracking-service',
  hotPath: (request) => redirectCodeOf(request.method, request.url) !== null,
});
