/**
 * The one way a service fetches a URL that a tenant gave it (feed sources, webhooks).
 *
 * Why our own code around node:http instead of `fetch`: fetch resolves the host itself, so a check
 * done before it can be raced by DNS rebinding, it follows redirects without asking us, and it gives
 * no hook to refuse a body before it is read whole. Here every hop is resolved once, every answer is
 * checked (the address ranges come from ipaddr.js, which keeps the IANA special-purpose lists), and
 * the connection is handed exactly the address that was checked through its `lookup`. Errors are
 * short codes only, so a response, a port's state or the URL's credentials are never echoed back.
 */
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export type OutboundErrorCode =
  | 'invalid_url'
  | 'blocked_scheme'
  | 'blocked_address'
  | 'dns_failed'
  | 'connection_failed'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | `http_status_${number}`;

/** A refused or failed outbound request. The message is the code: nothing of the URL or the peer. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    readonly status?: number,
  ) {
    super(code);
    this.name = 'OutboundError';
  }
}

/** Resolves a host name to every address it has (injectable so tests can play a rebinding DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export interface OutboundOptions {
  /**
   * Host names (matched exactly, case-insensitive), addresses or CIDR ranges that may be reached even
   * though they are internal. Empty in production; tests that serve feeds on 127.0.0.1 list it.
   */
  allowHosts?: readonly string[];
  /** Redirects followed before giving up (each hop is checked again). */
  maxRedirects?: number;
  /** From the start of a hop until its TCP (and TLS) connection stands. */
  connectTimeoutMs?: number;
  /** Longest silence while waiting for the headers or the next chunk of the body. */
  readTimeoutMs?: number;
  /** The whole exchange, redirects included: a peer dripping a byte at a time is cut off here. */
  totalTimeoutMs?: number;
  /** Body bytes read before the connection is dropped with `too_large`. */
  maxBytes?: number;
  resolver?: Resolver;
}

export interface OutboundInit {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Answer non-2xx statuses instead of failing with `http_status_<n>` (webhooks want the status). */
  acceptAnyStatus?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  /** The final URL after redirects, credentials removed. */
  url: string;
  text(): string;
}

type Limits = Required<
  Pick<OutboundOptions, 'maxRedirects' | 'connectTimeoutMs' | 'readTimeoutMs' | 'totalTimeoutMs' | 'maxBytes'>
>;

const DEFAULTS: Limits = {
  maxRedirects: 3,
  connectTimeoutMs: 5_000,
  readTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 5_000_000,
};

/** The environment knobs, merged into every service's config. */
export const OutboundEnv = z.object({
  /** Comma-separated host names, addresses or CIDR ranges that outbound requests may reach although internal. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (entry) => ipaddr.isValidCIDR(entry) || ipaddr.isValid(entry) || /^[a-z0-9.-]+$/i.test(entry),
            'a host name, an address or a CIDR range',
          ),
      ),
    ),
  OUTBOUND_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(DEFAULTS.maxRedirects),
  OUTBOUND_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(DEFAULTS.connectTimeoutMs),
  OUTBOUND_READ_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(DEFAULTS.readTimeoutMs),
});
export type OutboundEnv = z.infer<typeof OutboundEnv>;

export function outboundOptions(config: OutboundEnv): OutboundOptions {
  return {
    allowHosts: config.OUTBOUND_ALLOW_HOSTS,
    maxRedirects: config.OUTBOUND_MAX_REDIRECTS,
    connectTimeoutMs: config.OUTBOUND_CONNECT_TIMEOUT_MS,
    readTimeoutMs: config.OUTBOUND_READ_TIMEOUT_MS,
  };
}

/**
 * True for any address a tenant must not make us reach: loopback, RFC 1918 private, link-local (the
 * cloud metadata service at 169.254.169.254 among them), CGNAT (100.100.100.200 is Alibaba's
 * metadata), unique-local (fd00:ec2::254), multicast, unspecified, broadcast, reserved, and IPv6
 * forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo). Only plain unicast passes.
 */
export function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1 so the IPv4 ranges apply to it
  return ipaddr.process(address).range() !== 'unicast';
}

interface AllowList {
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

function allowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: AllowList['ranges'] = [];
  for (const entry of entries) {
    if (ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else hosts.add(entry.toLowerCase());
  }
  return { hosts, ranges };
}

function inRanges(address: string, ranges: AllowList['ranges']): boolean {
  const parsed = ipaddr.process(address);
  return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

/** The URL with its password and query values masked, for logs and listings. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
    return url.toString();
  } catch {
    return '(invalid url)';
  }
}

/**
 * What can be refused without asking DNS, for a URL being registered: its scheme, and its host when
 * that is an address literal (or `localhost`). guardedFetch checks everything again on every fetch.
 */
export function assertOutboundUrl(rawUrl: string, options: Pick<OutboundOptions, 'allowHosts'> = {}): void {
  const url = parseUrl(rawUrl);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const allow = allowList(options.allowHosts ?? []);
  if (allow.hosts.has(host.toLowerCase())) return;
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost')) {
    throw new OutboundError('blocked_address');
  }
  if (isIP(host) && !inRanges(host, allow.ranges) && isBlockedAddress(host)) {
    throw new OutboundError('blocked_address');
  }
}

interface Pinned {
  address: string;
  family: 4 | 6;
}

/** Resolves one hop's host and checks every answer; the first answer is the one the socket will use. */
async function resolveChecked(hostname: string, allow: AllowList, resolver: Resolver): Promise<Pinned> {
  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const hostAllowed = allow.hosts.has(literal.toLowerCase());
  let answers: LookupAddress[];
  if (isIP(literal)) answers = [{ address: literal, family: isIP(literal) }];
  else {
    try {
      answers = await resolver(literal);
    } catch {
      throw new OutboundError('dns_failed');
    }
  }
  if (answers.length === 0) throw new OutboundError('dns_failed');
  for (const answer of answers) {
    if (hostAllowed || inRanges(answer.address, allow.ranges)) continue;
    if (isBlockedAddress(answer.address)) throw new OutboundError('blocked_address');
  }
  const [first] = answers;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A lookup that never asks DNS again: it answers with the address already checked. */
function pinnedLookup(pinned: Pinned): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * Fetches a URL a tenant supplied. Fails with an OutboundError whose code says why and nothing more.
 * Credentials in the URL are sent as Basic auth to their own origin only.
 */
export async function guardedFetch(
  rawUrl: string,
  init: OutboundInit = {},
  options: OutboundOptions = {},
): Promise<OutboundResponse> {
  const settings: Limits = { ...DEFAULTS, ...stripUndefined(options) };
  const allow = allowList(options.allowHosts ?? []);
  const resolver = options.resolver ?? systemResolver;
  const deadline = AbortSignal.timeout(settings.totalTimeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;

  let url = parseUrl(rawUrl);
  const origin = url.origin;
  let method = init.method ?? 'GET';
  let body = init.body;
  let headers: Record<string, string> = { ...init.headers };
  for (let hop = 0; ; hop += 1) {
    if (signal.aborted) throw new OutboundError('timeout');
    const pinned = await resolveChecked(url.hostname, allow, resolver);
    const response = await exchange(url, pinned, { method, headers, body, signal }, settings);
    if (REDIRECTS.has(response.status) && typeof response.location === 'string') {
      if (hop >= settings.maxRedirects) throw new OutboundError('too_many_redirects');
      const next = parseUrl(response.location, url);
      if (next.origin !== origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CROSS_ORIGIN_DROPPED.has(name.toLowerCase())),
        );
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }
    if (!init.acceptAnyStatus && (response.status < 200 || response.status > 299)) {
      throw new OutboundError(`http_status_${response.status}`, response.status);
    }
    const bodyBytes = response.body;
    return {
      status: response.status,
      headers: response.headers,
      body: bodyBytes,
      url: redactUrl(url.toString()),
      text: () => bodyBytes.toString('utf8'),
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutboundError('invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('blocked_scheme');
  return url;
}

interface HopResult {
  status: number;
  headers: IncomingMessage['headers'];
  location?: string;
  body: Buffer;
}

interface HopRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
}

/** One request on a fresh connection to the pinned address; redirects are not read past their headers. */
function exchange(url: URL, pinned: Pinned, hop: HopRequest, settings: Limits): Promise<HopResult> {
  return new Promise<HopResult>((resolve, reject) => {
    const headers: Record<string, string> = { 'accept-encoding': 'identity', ...hop.headers };
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    const options: RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: hop.method,
      headers,
      agent: false, // a pooled socket would skip the pinned lookup
      lookup: pinnedLookup(pinned),
      signal: hop.signal,
    };
    let settled = false;
    const fail = (code: OutboundErrorCode) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      request.destroy();
      reject(new OutboundError(code));
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (response) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        settled = true;
        resolve({
          status,
          headers: response.headers,
          location: response.headers.location,
          body: Buffer.alloc(0),
        });
        return;
      }
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > settings.maxBytes) return fail('too_large');
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > settings.maxBytes) return fail('too_large');
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', () => fail(hop.signal.aborted ? 'timeout' : 'connection_failed'));
      response.on('aborted', () => fail(hop.signal.aborted ? 'timeout' : 'connection_failed'));
    });
    const connectTimer = setTimeout(() => fail('timeout'), settings.connectTimeoutMs);
    request.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    request.setTimeout(settings.readTimeoutMs, () => fail('timeout'));
    request.on('error', () => fail(hop.signal.aborted ? 'timeout' : 'connection_failed'));
    if (hop.body !== undefined) request.end(hop.body);
    else request.end();
  });
}
