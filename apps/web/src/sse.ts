import { createParser } from 'eventsource-parser';
import { useEffect, useState } from 'react';
import { accessToken } from './auth';

export interface StreamOptions {
  /** The credential instead of the signed-in user's token, e.g. `EmbedKey <keyId>.<secret>`. */
  authorization?: string;
  /** The server refused that credential (401/403) or revoked it mid-stream: the stream gives up. */
  onRefused?: (reason: string) => void;
}

/**
 * Server-sent events over fetch, so the bearer token travels in the Authorization header and never in
 * a URL (EventSource cannot set headers). Reconnects after the server's `retry`, resuming with
 * Last-Event-ID; a refused or revoked credential ends it.
 */
export function openStream(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  onState: (live: boolean) => void,
  options: StreamOptions = {},
): () => void {
  const abort = new AbortController();
  let lastId: string | undefined;
  let retryMs = 3000;
  let closed = false;
  abort.signal.addEventListener('abort', () => (closed = true));

  const connect = async () => {
    while (!closed) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        const token = accessToken();
        if (options.authorization) headers.authorization = options.authorization;
        else if (token) headers.authorization = `Bearer ${token}`;
        if (lastId) headers['last-event-id'] = lastId;
        const response = await fetch(path, { headers, signal: abort.signal });
        // a user's token is renewed behind the stream's back, so only a fixed credential gives up
        if (options.authorization && (response.status === 401 || response.status === 403)) {
          onState(false);
          return options.onRefused?.(await refusal(response));
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState(true);
        const parser = createParser({
          onEvent: (message) => {
            if (message.id) lastId = message.id;
            if (message.event === 'revoked') revoked = true;
            else onEvent(message.event ?? 'message', JSON.parse(message.data));
          },
          onRetry: (ms) => (retryMs = ms),
        });
        let revoked = false;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        if (revoked) {
          onState(false);
          return options.onRefused?.('revoked');
        }
      } catch {
        if (closed) return;
      }
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void connect();
  return () => abort.abort();
}

/** The error message of a refused request, or its status when the body says nothing. */
async function refusal(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * The latest `snapshot`/`update` of a stream, badge events as they come, and why the server refused
 * the stream's credential (null while it is accepted).
 */
export function useStream<T>(path: string | null, onBadge?: (data: unknown) => void, authorization?: string) {
  const [data, setData] = useState<T | null>(null);
  const [live, setLive] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setRefused(null);
    if (!path) return;
    return openStream(
      path,
      (event, payload) => {
        if (event === 'snapshot' || event === 'update') setData(payload as T);
        else if (event === 'badge') onBadge?.(payload);
      },
      setLive,
      { authorization, onRefused: setRefused },
    );
    // onBadge is a callback for toasts: a new identity of it must not reopen the stream.
  }, [path, authorization]);
  return { data, live, refused };
}
