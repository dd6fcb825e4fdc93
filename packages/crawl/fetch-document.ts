// One safe HTTP fetch: the SSRF guard on every hop (IP literals checked before connecting, host
// names resolved by a guarded lookup whose checked address the socket uses), manual redirects
// with a cap, connect/headers/body/total timeouts, a body cap, refusal of decompression bombs and
// checks that the content is what it says it is.

import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { Agent, request, errors as undiciErrors } from 'undici';
import { type AddressPolicy, checkAddress, createGuardedLookup, type Resolver } from './address-guard.ts';
import { checkContentType, DOCUMENT_TYPES, detectCharset, isHtmlType, parseContentType } from './content.ts';
import {
  BlockedAddressError,
  BodyTooLargeError,
  ContentEncodingError,
  CrawlFetchError,
  DecompressionBombError,
  FetchTimeoutError,
  HttpStatusError,
  InvalidRedirectError,
  InvalidUrlError,
  NetworkError,
  TooManyRedirectsError,
  UnsupportedContentTypeError,
} from './errors.ts';

export const DEFAULT_USER_AGENT = 'promisegap-bot/0.1';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
const MAX_CONNECT_TIMEOUT_MS = 5_000;

export interface FetchOptions {
  /** Allows loopback and private addresses: only for a site served on this machine. */
  allowPrivateAddresses?: boolean;
  userAgent?: string;
  /** Total time for the fetch, redirects included. */
  timeoutMs?: number;
  /** Cap on the body, after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** From the previous snapshot: makes the request conditional. */
  etag?: string;
  lastModified?: string;
  /** Media types to accept (default: HTML, XHTML, PDF, plain text). */
  accept?: readonly string[];
  /** A shared connection pool (see `createFetchAgent`); one is made per policy otherwise. */
  agent?: Agent;
  signal?: AbortSignal;
}

export interface FetchedDocument {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  contentType: string;
  charset?: string;
  body: Uint8Array;
  etag?: string;
  lastModified?: string;
  /** True for a 304 answer to a conditional request: `body` is empty. */
  notModified: boolean;
}

export interface FetchAgentOptions extends AddressPolicy {
  timeoutMs?: number;
  /** Name resolution, for tests of the guard; the system resolver by default. */
  resolver?: Resolver;
  /** Keep-alive connections per origin. */
  connections?: number;
}

/** A connection pool whose every connection goes through the address guard. */
export const createFetchAgent = (options: FetchAgentOptions = {}): Agent => {
  const timeout = Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_CONNECT_TIMEOUT_MS);
  return new Agent({
    connect: { lookup: createGuardedLookup(options, options.resolver), timeout },
    connections: options.connections ?? 16,
    keepAliveTimeout: 4_000,
  });
};

const defaultAgents = new Map<boolean, Agent>();
const defaultAgent = (allowPrivate: boolean): Agent => {
  let agent = defaultAgents.get(allowPrivate);
  if (!agent) {
    agent = createFetchAgent({ allowPrivateAddresses: allowPrivate });
    defaultAgents.set(allowPrivate, agent);
  }
  return agent;
};

/** Drops a body we will not read; the abort it causes is expected, not an error to surface. */
const discard = (body: NodeJS.ReadableStream & { destroy(): void }): void => {
  body.on('error', () => {});
  body.destroy();
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Retry-After as milliseconds (seconds or an HTTP date relative to the response's Date). */
export const parseRetryAfter = (value: string | undefined, responseDate?: string): number | undefined => {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  const base = responseDate ? Date.parse(responseDate) : Number.NaN;
  if (Number.isNaN(at) || Number.isNaN(base)) return undefined;
  return Math.max(0, at - base);
};

/** Parses a URL and refuses what the crawler never fetches: other schemes, credentials, blocked IP literals. */
export const checkFetchUrl = (raw: string, policy: AddressPolicy): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new InvalidUrlError(raw, 'malformed', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidUrlError(raw, `scheme ${url.protocol} (only http and https)`);
  if (url.username || url.password) throw new InvalidUrlError(raw, 'credentials in the URL');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  // The URL parser has already turned every IPv4 spelling (decimal, hex, octal, short) into
  // dotted decimal; literals skip DNS, so they are judged here, before any connection.
  if (ipaddr.isValid(host) && (host.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(host))) {
    const decision = checkAddress(host, policy);
    if (!decision.allowed) throw new BlockedAddressError(url.href, decision.address, decision.reason);
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!policy.allowPrivateAddresses) throw new BlockedAddressError(url.href, host, 'loopback host name');
  }
  url.hash = '';
  return url;
};

const decompress = (url: string, encodings: string[], input: Buffer, maxBytes: number): Buffer => {
  let data = input;
  // Encodings are listed in the order applied: undo them from last to first.
  for (const encoding of [...encodings].reverse()) {
    const options = { maxOutputLength: maxBytes };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = gunzipSync(data, options);
      else if (encoding === 'br') data = brotliDecompressSync(data, options);
      else if (encoding === 'deflate') {
        try {
          data = inflateSync(data, options);
        } catch (error) {
          // Some servers send raw deflate without the zlib wrapper.
          if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
          data = inflateRawSync(data, options);
        }
      } else if (encoding !== 'identity') throw new ContentEncodingError(url, encoding, 'not supported');
    } catch (error) {
      if (error instanceof ContentEncodingError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
        throw new DecompressionBombError(url, input.byteLength, maxBytes, { cause: error });
      throw new ContentEncodingError(url, encoding, (error as Error).message, { cause: error });
    }
  }
  return data;
};

/** Reads a body up to a cap, destroying the stream (and connection) as soon as the cap is passed. */
const readCapped = (
  url: string,
  body: NodeJS.ReadableStream & { destroy(error?: Error): void },
  maxBytes: number,
): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    body.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        body.destroy();
        reject(new BodyTooLargeError(url, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () =>
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total)),
    );
    body.on('error', reject);
  });

const translateError = (
  url: string,
  hop: string,
  error: unknown,
  timeoutMs: number,
  timedOut: boolean,
): Error => {
  // A refusal after a redirect names the page asked for and where it was sent.
  const after = hop !== url ? `, after a redirect to ${hop}` : '';
  if (error instanceof BlockedAddressError && error.url !== url)
    return new BlockedAddressError(url, error.address, `${error.reason}${after}`, { cause: error });
  if (error instanceof CrawlFetchError) return error;
  if (timedOut) return new FetchTimeoutError(url, timeoutMs, 'total', { cause: error });
  if (error instanceof undiciErrors.ConnectTimeoutError)
    return new FetchTimeoutError(url, Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS), 'connect', {
      cause: error,
    });
  if (error instanceof undiciErrors.HeadersTimeoutError)
    return new FetchTimeoutError(url, timeoutMs, 'headers', { cause: error });
  if (error instanceof undiciErrors.BodyTimeoutError)
    return new FetchTimeoutError(url, timeoutMs, 'body', { cause: error });
  // The guarded lookup's refusal arrives as the connect error, without the URL.
  let cause: unknown = error;
  for (let i = 0; i < 4 && cause instanceof Error; i++) {
    if (cause instanceof BlockedAddressError)
      return new BlockedAddressError(url, cause.address, cause.reason, { cause });
    cause = cause.cause;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new NetworkError(url, typeof code === 'string' ? code : undefined, { cause: error });
};

/**
 * Fetches one document safely. Throws a named error (BlockedAddressError, BodyTooLargeError,
 * DecompressionBombError, TooManyRedirectsError, FetchTimeoutError, UnsupportedContentTypeError,
 * UnsupportedCharsetError, HttpStatusError, NetworkError, InvalidUrlError) that names the URL.
 */
export const fetchDocument = async (url: string, options: FetchOptions = {}): Promise<FetchedDocument> => {
  const policy: AddressPolicy = { allowPrivateAddresses: options.allowPrivateAddresses === true };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const accept = options.accept ?? DOCUMENT_TYPES;
  const agent = options.agent ?? defaultAgent(policy.allowPrivateAddresses === true);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept:
      'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,application/xml;q=0.7,*/*;q=0.1',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  const chain: string[] = [];
  let current = url;
  try {
    for (;;) {
      const target = checkFetchUrl(current, policy);
      chain.push(target.href);
      const response = await request(target, {
        dispatcher: agent,
        method: 'GET',
        headers,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const status = response.statusCode;
      const h = response.headers;
      if (REDIRECTS.has(status)) {
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        const location = header(h, 'location');
        if (!location)
          throw new InvalidRedirectError(target.href, `HTTP ${status} without a Location header`);
        let next: URL;
        try {
          next = new URL(location, target);
        } catch (cause) {
          throw new InvalidRedirectError(target.href, `malformed Location "${location}"`, { cause });
        }
        next.hash = '';
        if (chain.includes(next.href))
          throw new TooManyRedirectsError(url, [...chain, next.href], true, maxRedirects);
        if (chain.length > maxRedirects)
          throw new TooManyRedirectsError(url, [...chain, next.href], false, maxRedirects);
        current = next.href;
        continue;
      }
      if (status === 304) {
        await response.body.dump().catch(() => undefined);
        return {
          url: target.href,
          status,
          contentType: '',
          body: new Uint8Array(0),
          etag: header(h, 'etag') ?? options.etag,
          lastModified: header(h, 'last-modified') ?? options.lastModified,
          notModified: true,
        };
      }
      if (status < 200 || status >= 300) {
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        throw new HttpStatusError(
          target.href,
          status,
          parseRetryAfter(header(h, 'retry-after'), header(h, 'date')),
        );
      }
      const media = parseContentType(header(h, 'content-type'));
      // Refuse before reading: a declared type we do not take, or a declared length over the cap.
      if (media.type && !accept.includes(media.type)) {
        discard(response.body);
        throw new UnsupportedContentTypeError(target.href, media.type, accept);
      }
      const encodings = (header(h, 'content-encoding') ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean);
      const length = Number(header(h, 'content-length'));
      if (Number.isFinite(length) && length > maxBytes) {
        discard(response.body);
        throw new BodyTooLargeError(target.href, maxBytes);
      }
      const raw = await readCapped(target.href, response.body, maxBytes);
      const body = encodings.length ? decompress(target.href, encodings, raw, maxBytes) : raw;
      const html = isHtmlType(media.type);
      const charset =
        media.type === '' || html || media.type.startsWith('text/')
          ? detectCharset(target.href, body, media.charset, html || media.type === '')
          : undefined;
      const contentType = checkContentType(target.href, media.type, body, accept, charset);
      return {
        url: target.href,
        status,
        contentType,
        charset,
        body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        etag: header(h, 'etag'),
        lastModified: header(h, 'last-modified'),
        notModified: false,
      };
    }
  } catch (error) {
    throw translateError(url, current, error, timeoutMs, timedOut);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
};
