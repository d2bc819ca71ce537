// Loaded first by main.ts, as in every service: the http and express instrumentations patch those
// modules before they load, so a sign-in shows up in the same traces as the API calls around it.
import { startTracing } from '@advocacy/platform/tracing';

startTracing({ service: 'identity-dev' });
