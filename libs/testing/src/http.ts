export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  redirect?: 'follow' | 'manual' | 'error';
}

/** A small fetch wrapper for tests: JSON in, parsed JSON (or text) out, never throws on 4xx/5xx. */
export async function http<T = any>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url, {
    method,
    headers,
    body: payload,
    redirect: options.redirect ?? 'manual',
  });
  const text = await response.text();
  let parsed: unknown = text;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') && !type.includes('ndjson') && text) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers, text };
}

export const api = (base: string, token?: string) => ({
  get: <T = any>(path: string, options: RequestOptions = {}) =>
    http<T>('GET', base + path, undefined, { token, ...options }),
  post: <T = any>(path: string, body?: unknown, options: RequestOptions = {}) =>
    http<T>('POST', base + path, body ?? {}, { token, ...options }),
  put: <T = any>(path: string, body?: unknown, options: RequestOptions = {}) =>
    http<T>('PUT', base + path, body ?? {}, { token, ...options }),
  delete: <T = any>(path: string, options: RequestOptions = {}) =>
    http<T>('DELETE', base + path, undefined, { token, ...options }),
});
