import http from 'node:http';
import { benchToken } from './lib/token';

/**
 * Child process of the fan-out measurement: holds `count` server-sent-event connections to one URL,
 * so the load generator's own memory and CPU are not counted in the process the parent measures.
 * Protocol over IPC: parent → { expect: marker } ; child → { connected, failed } once, then
 * { marker, arrivals: [wall-clock ms, …], matched, closed } for each expectation after `windowMs`.
 */
interface Expectation {
  marker: string;
  since: number;
  windowMs: number;
}

// Every connection is its own viewer (a token per subject): the service caps streams per subject,
// and distinct viewers make each update tick look up every viewer's own rank, the realistic cost.
const [url, countText, tenant] = process.argv.slice(2);
const count = Number(countText);
const tokenFor = (index: number) => benchToken({ tenant, sub: `viewer${String(index).padStart(6, '0')}` });
const wallClockMs = () => performance.timeOrigin + performance.now();
const connections: { buffer: string; closed?: boolean; seen?: { at: number; matched: boolean } }[] = [];
let expectation: Expectation | null = null;

function onEvent(connection: (typeof connections)[number], data: string): void {
  if (!expectation || connection.seen) return;
  const matched = data.includes(expectation.marker);
  connection.seen = { at: wallClockMs(), matched };
}

function open(index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      url,
      {
        agent: false,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${tokenFor(index)}` },
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          resolve(false);
          return;
        }
        // The timeout guards the connect only: an open stream may be quiet for a whole heartbeat
        // interval (15 s), and a browser's EventSource never gives up on it either. Before this, the
        // streams opened first were dropped by the bench itself while the last ones were opening.
        request.setTimeout(0);
        const connection: (typeof connections)[number] = { buffer: '' };
        connections.push(connection);
        response.on('close', () => (connection.closed = true));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          connection.buffer += chunk;
          let end = connection.buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = connection.buffer.slice(0, end);
            connection.buffer = connection.buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trim())
              .join('\n');
            if (data) onEvent(connection, data);
            end = connection.buffer.indexOf('\n\n');
          }
        });
        resolve(true);
      },
    );
    request.setTimeout(15_000, () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  let failed = 0;
  const chunk = 250;
  for (let from = 0; from < count; from += chunk) {
    const results = await Promise.all(
      Array.from({ length: Math.min(chunk, count - from) }, (_, offset) => open(from + offset)),
    );
    failed += results.filter((ok) => !ok).length;
  }
  process.send?.({ connected: connections.length, failed });
  process.on('message', (message: { expect: string; windowMs: number }) => {
    for (const connection of connections) delete connection.seen;
    expectation = { marker: message.expect, since: wallClockMs(), windowMs: message.windowMs };
    setTimeout(() => {
      const seen = connections.flatMap((connection) => (connection.seen ? [connection.seen] : []));
      process.send?.({
        marker: message.expect,
        arrivals: seen.map((entry) => entry.at),
        matched: seen.filter((entry) => entry.matched).length,
        closed: connections.filter((connection) => connection.closed).length,
      });
    }, message.windowMs);
  });
}

process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  process.stderr.write(`sse-clients failed: ${String(error)}\n`);
  process.exit(1);
});
