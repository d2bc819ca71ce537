import autocannon from 'autocannon';
import { round } from './stats';
import { benchToken } from './token';

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** A JSON client for one service, authenticated as one caller of one tenant. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  /**
   * Never throws: a transient network error (ECONNRESET under load) is retried twice, then answered
   * as status 0 with the error text, which callers treat like any other failed answer.
   */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    let last: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        return await this.once(method, path, body);
      } catch (error) {
        last = error;
        this.networkErrors += 1;
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      }
    }
    const cause = (last as { cause?: { code?: string } } | undefined)?.cause?.code;
    return { status: 0, body: `network error: ${cause ?? String(last)}` };
  }

  /** Network errors met so far (retried or not), for the report. */
  networkErrors = 0;

  private async once(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text, the caller reports it
    }
    return { status: response.status, body: parsed };
  }

  get(path: string): Promise<ApiResponse> {
    return this.request('GET', path);
  }
}

export function tokenFor(
  tenant: string,
  sub: string,
  roles: ('employee' | 'admin')[] = ['admin'],
  team?: string,
): string {
  return benchToken({ tenant, sub, roles, ...(team ? { team } : {}) });
}

export const serviceUrl = (port: number) => `http://127.0.0.1:${port}`;

/** A short reason for the report when an endpoint answers something other than what we need. */
export function describeFailure(path: string, response: ApiResponse): string {
  const body = JSON.stringify(response.body ?? '').slice(0, 160);
  return `GET ${path.split('?')[0]} answered ${response.status} ${body}`;
}

export interface LoadResult {
  requestsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  total: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Called for every request: a varying path (e.g. a random employee) on the same origin. */
  path?: () => string;
}

/** Runs autocannon against one URL and keeps the figures the report needs. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const pathOf = options.path;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(pathOf ? { requests: [{ setupRequest: (request) => ({ ...request, path: pathOf() }) }] } : {}),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    requestsPerSecond: round(result.requests.average, 0),
    p50Ms: round(result.latency.p50, 2),
    p99Ms: round(result.latency.p99, 2),
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
