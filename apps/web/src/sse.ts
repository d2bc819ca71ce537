import { createParser } from 'eventsource-parser';
import { useEffect, useState } from 'react';
import { accessToken } from './auth';

/**
 * Server-sent events over fetch, so the bearer token travels in the Authorization header and never in
 * a URL (EventSource cannot set headers). Reconnects after the server's `retry`, resuming with
 * Last-Event-ID.
 */
export function openStream(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  onState: (live: boolean) => void,
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
        if (token) headers.authorization = `Bearer ${token}`;
        if (lastId) headers['last-event-id'] = lastId;
        const response = await fetch(path, { headers, signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState(true);
        const parser = createParser({
          onEvent: (message) => {
            if (message.id) lastId = message.id;
            onEvent(message.event ?? 'message', JSON.parse(message.data));
          },
          onRetry: (ms) => (retryMs = ms),
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
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

/** The latest `snapshot`/`update` of a stream, and badge events as they come. */
export function useStream<T>(path: string | null, onBadge?: (data: unknown) => void) {
  const [data, setData] = useState<T | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setData(null);
    if (!path) return;
    return openStream(
      path,
      (event, payload) => {
        if (event === 'snapshot' || event === 'update') setData(payload as T);
        else if (event === 'badge') onBadge?.(payload);
      },
      setLive,
    );
    // onBadge is a callback for toasts: a new identity of it must not reopen the stream.
  }, [path]);
  return { data, live };
}
