// URL normalisation, de-duplication keys, same-site checks, include/exclude patterns and the
// trap rules that keep a crawl bounded (calendars, session ids, endless query permutations).

/** Query parameters that only track a visit or a session: dropped before de-duplication. */
const DROPPED_PARAMS =
  /^(utm_\w+|gclid|gclsrc|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|igshid|ref_src|sessionid|session_id|sid|jsessionid|phpsessid|aspsessionid\w*|cfid|cftoken|zanpid|oly_anon_id|oly_enc_id|vero_id|wickedid)$/i;

/** Path parameters a server appends to carry a session (";jsessionid=…"). */
const PATH_SESSION = /;(jsessionid|phpsessid|sid|sessionid)=[^/?#]*/gi;

export const MAX_URL_LENGTH = 2048;

/**
 * The URL to fetch: absolute http(s), fragment removed, default port and dot segments removed
 * (the URL parser does both), tracking and session parameters removed, remaining query
 * parameters sorted. Undefined for anything else (mailto:, javascript:, malformed).
 */
export const normaliseUrl = (raw: string, base?: string | URL): string | undefined => {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  url.hash = '';
  if (url.pathname.includes(';')) url.pathname = url.pathname.replace(PATH_SESSION, '');
  if (url.search) {
    const kept = [...url.searchParams].filter(([k]) => !DROPPED_PARAMS.test(k));
    kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  const out = url.href;
  return out.length > MAX_URL_LENGTH ? undefined : out;
};

/**
 * The de-duplication key: the normalised URL without scheme, a leading "www." or a trailing
 * slash, so http/https, www/bare and "/about" vs "/about/" count as one page.
 */
export const urlKey = (normalised: string): string => {
  const url = new URL(normalised);
  const host = url.host.startsWith('www.') ? url.host.slice(4) : url.host;
  const path =
    url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return `${host}${path}${url.search}`;
};

/** The site a URL belongs to: host and port, ignoring "www." and the scheme. */
export const siteOf = (url: string | URL): string => {
  const u = typeof url === 'string' ? new URL(url) : url;
  const host = u.hostname.startsWith('www.') ? u.hostname.slice(4) : u.hostname;
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  // http and https on default ports are the same site.
  return `${host}:${port === '443' || port === '80' ? 'default' : port}`;
};

export const isSameSite = (a: string | URL, b: string | URL): boolean => siteOf(a) === siteOf(b);

const escapeRegex = (s: string): string => s.replace(/[.+^${}()|[\]\\?]/g, '\\$&');

/**
 * Compiles an include/exclude pattern: a glob on the URL's path and query ("/docs/**",
 * "/blog/*", "*.pdf"), where "*" stays within a path segment and "**" crosses segments. A pattern
 * not starting with "/" may match anywhere at the end of the path. An absolute URL pattern is
 * matched against the whole URL.
 */
export interface CompiledPattern {
  pattern: string;
  re: RegExp;
  /** Matched against the whole URL rather than its path and query. */
  absolute: boolean;
}

export const compilePattern = (pattern: string): CompiledPattern => {
  const absolute = /^https?:\/\//i.test(pattern);
  let body = '';
  let wildcard = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') {
      wildcard = true;
      if (pattern.charAt(i + 1) === '*') {
        body += '.*';
        i++;
      } else body += '[^/?]*';
    } else body += escapeRegex(c);
  }
  const anchored = absolute || pattern.startsWith('/') ? `^${body}` : `(^|/)${body}`;
  // A plain path ("/pricing") covers the pages below it; a glob matches as written. Both allow a query.
  const tail =
    pattern.endsWith('/') || pattern.endsWith('**') ? '' : wildcard ? '(\\?.*)?$' : '(/.*)?(\\?.*)?$';
  return { pattern, re: new RegExp(anchored + tail, 'i'), absolute };
};

export interface UrlFilter {
  include: CompiledPattern[];
  exclude: CompiledPattern[];
}

export const compileFilter = (include: readonly string[], exclude: readonly string[]): UrlFilter => ({
  include: include.map(compilePattern),
  exclude: exclude.map(compilePattern),
});

/** Whether a URL passes a source's include/exclude patterns (exclusion wins; no includes = all). */
export const passesFilter = (url: string, filter: UrlFilter): boolean => {
  const u = new URL(url);
  const local = `${u.pathname}${u.search}`;
  const test = (p: CompiledPattern): boolean => p.re.test(p.absolute ? u.href : local);
  if (filter.exclude.some(test)) return false;
  return filter.include.length === 0 || filter.include.some(test);
};

const YEAR = /^(19|20)\d\d$/;
const DATE_SEGMENT = /^(19|20)\d\d-\d{1,2}(-\d{1,2})?$/;
const DATE_VALUE = /(^|\D)(19|20)\d\d[-/]?(0?[1-9]|1[0-2])([-/]?\d{1,2})?($|\D)/;
const DATE_KEYS = /^(date|day|month|year|week|from|to|start|end|d|m|y|cal|calendar|time|ts)$/i;

/**
 * The shape of a URL whose pages a calendar could produce without end: dates in the path
 * ("/events/2031/07") or in date-like query values ("?month=2031-07"). Undefined for other URLs.
 */
export const calendarPattern = (url: string): string | undefined => {
  const u = new URL(url);
  const segments = u.pathname.split('/');
  let dated = false;
  const shape = segments.map((s, i) => {
    if (DATE_SEGMENT.test(s)) {
      dated = true;
      return 'DATE';
    }
    if (YEAR.test(s) && /^\d{1,2}$/.test(segments[i + 1] ?? '')) {
      dated = true;
      return 'YYYY';
    }
    if (dated && /^\d{1,2}$/.test(s)) return 'NN';
    return s;
  });
  const params = [...u.searchParams].map(([k, v]) => {
    if (DATE_VALUE.test(v) || (DATE_KEYS.test(k) && /^\d+$/.test(v))) {
      dated = true;
      return `${k}=DATE`;
    }
    return k;
  });
  return dated ? `${u.host}${shape.join('/')}?${params.sort().join('&')}` : undefined;
};

/** A path that repeats a segment over and over ("/a/b/a/b/a/b"), typical of relative-link loops. */
export const hasRepeatingSegments = (url: string, maxRepeats = 3): boolean => {
  const counts = new Map<string, number>();
  for (const s of new URL(url).pathname.split('/')) {
    if (!s) continue;
    const n = (counts.get(s) ?? 0) + 1;
    if (n > maxRepeats) return true;
    counts.set(s, n);
  }
  return false;
};

/** The path a URL's query permutations share, for capping how many of them we follow. */
export const queryFamily = (url: string): string | undefined => {
  const u = new URL(url);
  return u.search ? `${u.host}${u.pathname}` : undefined;
};

export interface TrapLimits {
  /** Pages per calendar-like URL shape. */
  maxCalendarPages: number;
  /** Distinct query strings per path. */
  maxQueryVariants: number;
  maxPathSegments: number;
}

export const DEFAULT_TRAP_LIMITS: TrapLimits = {
  maxCalendarPages: 10,
  maxQueryVariants: 20,
  maxPathSegments: 16,
};

/** Stateless trap checks (no memory of other URLs): why a URL is not worth following, if it is not. */
export const staticTrapReason = (
  url: string,
  limits: TrapLimits = DEFAULT_TRAP_LIMITS,
): string | undefined => {
  const u = new URL(url);
  if (u.pathname.split('/').filter(Boolean).length > limits.maxPathSegments)
    return `trap: more than ${limits.maxPathSegments} path segments`;
  if (hasRepeatingSegments(url)) return 'trap: a path segment repeats over and over';
  if ([...u.searchParams].length > 8) return 'trap: more than 8 query parameters';
  return undefined;
};

/**
 * Remembers the URL shapes seen in one crawl and refuses a URL once its calendar shape or its
 * path's query permutations pass their limits.
 */
export const createTrapGuard = (limits: TrapLimits = DEFAULT_TRAP_LIMITS) => {
  const calendars = new Map<string, number>();
  const queries = new Map<string, number>();
  return {
    /** Returns a reason when the URL is refused; otherwise counts it and returns undefined. */
    check(url: string): string | undefined {
      const fixed = staticTrapReason(url, limits);
      if (fixed) return fixed;
      const calendar = calendarPattern(url);
      if (calendar) {
        const n = calendars.get(calendar) ?? 0;
        if (n >= limits.maxCalendarPages)
          return `trap: more than ${limits.maxCalendarPages} calendar-like pages shaped ${calendar}`;
        calendars.set(calendar, n + 1);
      }
      const family = queryFamily(url);
      if (family) {
        const n = queries.get(family) ?? 0;
        if (n >= limits.maxQueryVariants)
          return `trap: more than ${limits.maxQueryVariants} query variants of ${family}`;
        queries.set(family, n + 1);
      }
      return undefined;
    },
  };
};
