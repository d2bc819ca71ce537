import { guardedFetch, OutboundError, OutboundOptions } from '@advocacy/platform';

/** One HTTP POST of a webhook body; the send worker decides about retries from the result. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type WebhookResult =
  { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** The seam to the outbound HTTP client, so the worker's retry logic is tested with any receiver. */
export abstract class WebhookDelivery {
  abstract post(request: WebhookRequest): Promise<WebhookResult>;
}

/**
 * Through the platform's outbound guard: a tenant's webhook URL never reaches an internal address
 * (unless OUTBOUND_ALLOW_HOSTS lists it), redirects are not followed (a receiver answers, it does not
 * send us elsewhere), and the error kept is the guard's code (`blocked_address`, `timeout`,
 * `http_status_500`…), never the receiver's words.
 */
export class GuardedWebhookDelivery extends WebhookDelivery {
  constructor(private readonly options: OutboundOptions) {
    super();
  }

  async post(request: WebhookRequest): Promise<WebhookResult> {
    try {
      const response = await guardedFetch(
        request.url,
        { method: 'POST', headers: request.headers, body: request.body },
        { ...this.options, maxRedirects: 0, totalTimeoutMs: request.timeoutMs, maxBytes: 64 * 1024 },
      );
      return { ok: true, status: response.status };
    } catch (error) {
      if (error instanceof OutboundError)
        return { ok: false, status: error.status ?? null, error: error.code };
      return { ok: false, status: null, error: 'request_failed' };
    }
  }
}
