// Loaded first by main.ts: the instrumentations patch http, express, pg and ioredis before they load.
import { startTracing } from '@advocacy/platform/tracing';
import { boardReadOf } from './boards/board-read.paths';

startTracing({
  service: 'leaderboard-service',
  hotPath: (request) => boardReadOf(request.method, request.url) !== null,
});
