import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Puts `serve` in front of the server's request listener (the express app): a request it answers
 * (returns true) never reaches express; every other request goes on unchanged. For the few hot paths
 * (the public redirect, board reads) where Nest's pipeline costs more than the work.
 */
export function serveAhead(
  server: Server,
  serve: (request: IncomingMessage, response: ServerResponse) => boolean,
): void {
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!serve(request, response)) {
      for (const listener of listeners) listener.call(server, request, response);
    }
  });
}
