/** One HTTP POST of a webhook body; the send worker decides about retries from the result. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type WebhookResult =
  { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * The seam to the outbound HTTP client. Production must use the platform's outbound-fetch guard
 * (SSRF protection: no private, loopback or metadata addresses unless allow-listed); until that
 * guard is on main, `UnguardedFetchWebhookDelivery` below stands in and is named so nobody mistakes
 * it for the guarded one.
 */
export abstract class WebhookDelivery {
  abstract post(request: WebhookRequest): Promise<WebhookResult>;
}

/** TEMPORARY: plain `fetch`, no address checks. Swap for the outbound guard of libs/platform. */
export class UnguardedFetchWebhookDelivery extends WebhookDelivery {
  async post(request: WebhookRequest): Promise<WebhookResult> {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      // The body is not needed; reading it frees the socket.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
