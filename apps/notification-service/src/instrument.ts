// Loaded first by main.ts: the instrumentations patch http, express, pg and ioredis before they load.
import { startTracing } from '@advocacy/platform/tracing';

startTracing({ service: 'notification-service' });
