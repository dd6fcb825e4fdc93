// Named errors of the crawler. Each carries the URL it concerns, so a crawl report can say which
// page failed and why while the rest of the crawl goes on.

export class CrawlFetchError extends Error {
  constructor(
    readonly url: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CrawlFetchError';
  }
}

export class InvalidUrlError extends CrawlFetchError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(url, `${url}: not a URL the crawler may fetch: ${reason}`, options);
    this.name = 'InvalidUrlError';
  }
}

export class BlockedAddressError extends CrawlFetchError {
  constructor(
    url: string,
    readonly address: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: refused to connect to ${address}: ${reason}`, options);
    this.name = 'BlockedAddressError';
  }
}

export class BodyTooLargeError extends CrawlFetchError {
  constructor(
    url: string,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: response body is larger than the ${limitBytes}-byte limit`, options);
    this.name = 'BodyTooLargeError';
  }
}

export class DecompressionBombError extends CrawlFetchError {
  constructor(
    url: string,
    readonly compressedBytes: number,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      url,
      `${url}: refused a decompression bomb: ${compressedBytes} compressed bytes expand past the ${limitBytes}-byte limit`,
      options,
    );
    this.name = 'DecompressionBombError';
  }
}

export class ContentEncodingError extends CrawlFetchError {
  constructor(
    url: string,
    readonly encoding: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: cannot decode content-encoding "${encoding}": ${reason}`, options);
    this.name = 'ContentEncodingError';
  }
}

export class TooManyRedirectsError extends CrawlFetchError {
  constructor(
    url: string,
    readonly chain: string[],
    readonly loop: boolean,
    readonly limit: number,
    options?: ErrorOptions,
  ) {
    super(
      url,
      loop
        ? `${url}: redirect loop: ${chain.join(' -> ')}`
        : `${url}: more than ${limit} redirects: ${chain.join(' -> ')}`,
      options,
    );
    this.name = 'TooManyRedirectsError';
  }
}

export class InvalidRedirectError extends CrawlFetchError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(url, `${url}: unusable redirect: ${reason}`, options);
    this.name = 'InvalidRedirectError';
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

export class FetchTimeoutError extends CrawlFetchError {
  constructor(
    url: string,
    readonly timeoutMs: number,
    readonly phase: TimeoutPhase,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: timed out (${phase}) after ${timeoutMs} ms`, options);
    this.name = 'FetchTimeoutError';
  }
}

export class UnsupportedContentTypeError extends CrawlFetchError {
  constructor(
    url: string,
    readonly contentType: string,
    readonly expected: readonly string[],
    reason?: string,
    options?: ErrorOptions,
  ) {
    super(
      url,
      `${url}: unsupported content type "${contentType || '(none)'}"${reason ? ` (${reason})` : ''}; expected ${expected.join(', ')}`,
      options,
    );
    this.name = 'UnsupportedContentTypeError';
  }
}

export class UnsupportedCharsetError extends CrawlFetchError {
  constructor(
    url: string,
    readonly charset: string,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: unknown character encoding "${charset}"`, options);
    this.name = 'UnsupportedCharsetError';
  }
}

export class HttpStatusError extends CrawlFetchError {
  constructor(
    url: string,
    readonly status: number,
    /** Delay the server asked for (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: HTTP ${status}`, options);
    this.name = 'HttpStatusError';
  }
}

export class NetworkError extends CrawlFetchError {
  constructor(
    url: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(url, `${url}: network error${code ? ` ${code}` : ''}: ${describeCause(options?.cause)}`, options);
    this.name = 'NetworkError';
  }
}

export class RobotsDisallowedError extends CrawlFetchError {
  constructor(url: string, reason = 'disallowed by robots.txt', options?: ErrorOptions) {
    super(url, `${url}: ${reason}`, options);
    this.name = 'RobotsDisallowedError';
  }
}

export class RobotsFileError extends CrawlFetchError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(url, `${url}: ${reason}`, options);
    this.name = 'RobotsFileError';
  }
}

export class SitemapFormatError extends CrawlFetchError {
  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(url, `${url}: not a sitemap: ${reason}`, options);
    this.name = 'SitemapFormatError';
  }
}

export class CrawlSourceError extends Error {
  constructor(
    readonly source: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`crawl source ${source}: ${problem}`, options);
    this.name = 'CrawlSourceError';
  }
}

export class CrawlMessageError extends Error {
  constructor(problem: string, options?: ErrorOptions) {
    super(`not a crawl message: ${problem}`, options);
    this.name = 'CrawlMessageError';
  }
}

const describeCause = (cause: unknown): string =>
  cause instanceof Error ? cause.message : cause === undefined ? 'unknown' : String(cause);
