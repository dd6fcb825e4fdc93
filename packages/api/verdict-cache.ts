// Verdicts are computed when a window is evaluated, never per request, and a window's verdicts do
// not change until the next evaluation: keep each window (and its serialised, compressed responses)
// in memory, keyed on the store's verdicts version, which every write of verdicts bumps.
//
// Freshness: the version is one small strongly consistent read, made at most once per
// `versionTtlMs` (default 1 s) per process and shared by every request in that time; past half the
// TTL it is re-read in the background while requests keep being answered. So a response is at most
// about one second older than the latest `evaluate`, in a long-running server and in each Lambda
// instance alike (several instances each read the version for themselves). A store without a version
// (a test's fake) falls back to re-reading every `ttlMs`.

import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Store, Verdict, VerdictStatus, Window } from '../core/index.ts';
import {
  complianceBody,
  parseWindow,
  STATUS_ORDER,
  sha256Hex,
  sortVerdicts,
  summarise,
  toPublicVerdict,
  type VerdictSummary,
  verdictsHaveData,
} from '../core/index.ts';

export { STATUS_ORDER, sortVerdicts, summarise };

export interface WindowVerdicts {
  window: Window;
  evaluatedAt: string | null;
  /** Worst first: breached, at risk, kept, no data; then by category and id. */
  verdicts: Verdict[];
  byPromise: Map<string, Verdict>;
  summary: VerdictSummary;
  /** The unfiltered GET /v1/compliance response, prepared once per verdicts version. */
  response: PreparedBody;
  /** A filtered response (by status and category), prepared on first use, then kept. */
  filtered(status: VerdictStatus | undefined, category: string | undefined): PreparedBody;
}

export type Coding = 'identity' | 'gzip' | 'br';

/**
 * A JSON response body serialised once, and compressed once per coding off the event loop (zlib's
 * thread pool): gzip is started at once, brotli (quality 11: ~30% smaller, but slow) on first demand.
 */
export interface PreparedBody {
  /** UTF-8 bytes, encoded once: a 200-promise window is ~250 KB that no request should re-encode. */
  body: Uint8Array;
  /** A strong validator of the identity bytes; each coding's ETag adds its own suffix. */
  etag: string;
  /** The coded bytes if they are ready; starts compressing when they are not. */
  ready(coding: Exclude<Coding, 'identity'>): Uint8Array | undefined;
  /** The coded bytes, waiting for them if need be. */
  coded(coding: Exclude<Coding, 'identity'>): Promise<Uint8Array>;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A response body serialised once, with its strong validator; compressed when first needed. */
export const prepare = (value: unknown): PreparedBody => {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const pending = new Map<string, Promise<Uint8Array>>();
  const done = new Map<string, Uint8Array>();
  const coded = (coding: 'gzip' | 'br'): Promise<Uint8Array> => {
    let p = pending.get(coding);
    if (!p) {
      p =
        coding === 'gzip'
          ? gzipAsync(body, { level: 9 })
          : brotliAsync(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            });
      pending.set(coding, p);
      p.then(
        (bytes) => done.set(coding, bytes),
        () => pending.delete(coding), // tried again on the next request
      );
    }
    return p;
  };
  coded('gzip');
  return {
    body,
    etag: `"${sha256Hex(body).slice(0, 32)}"`,
    ready(coding) {
      const bytes = done.get(coding);
      if (!bytes) coded(coding).catch(() => {});
      return bytes;
    },
    coded,
  };
};

export interface VerdictCache {
  /** Ids of every evaluated window. */
  windows(): Promise<string[]>;
  /** A window's verdicts; undefined when it has none. */
  window(id: string): Promise<WindowVerdicts | undefined>;
  /** The latest complete ISO week that has verdicts resting on data (any verdicts when none does), at `now`. */
  latestWeek(): Promise<string | undefined>;
  clear(): void;
}

const isWeek = (id: string): boolean => /^\d{4}-W\d{2}$/.test(id);

export const DEFAULT_VERSION_TTL_MS = 1_000;

export const createVerdictCache = (options: {
  store: Pick<Store, 'verdictsForWindow' | 'listWindows'> & Partial<Pick<Store, 'verdictsVersion'>>;
  now: () => Date;
  /** How long the default week is remembered (it moves when a week ends), and everything when the store has no version. */
  ttlMs: number;
  /** How long a read of the store's verdicts version is trusted: the most a response can lag an evaluation. */
  versionTtlMs?: number;
}): VerdictCache => {
  const { store, now, ttlMs } = options;
  const versionTtlMs = options.versionTtlMs ?? DEFAULT_VERSION_TTL_MS;
  const versioned = typeof store.verdictsVersion === 'function';
  const entries = new Map<string, { expires: number; value: Promise<WindowVerdicts | undefined> }>();
  let windowList: { expires: number; value: Promise<string[]> } | undefined;
  // The default window, resolved on every request that names none: worked out once per window list.
  let latest: { list: Promise<string[]>; expires: number; value: Promise<string | undefined> } | undefined;
  // Window ids are parsed once: the default window is resolved on every request.
  const weeks = new Map<string, Window | null>();
  const weekOf = (id: string): Window | null => {
    let w = weeks.get(id);
    if (w === undefined) {
      try {
        w = isWeek(id) ? parseWindow(id) : null;
      } catch {
        w = null; // a malformed id in storage is skipped, never shown as the default
      }
      weeks.set(id, w);
    }
    return w;
  };

  // ---- the store's verdicts version
  let known: string | undefined; // the version everything cached was read under
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const forget = () => {
    entries.clear();
    windowList = undefined;
    latest = undefined;
  };
  const readVersion = (): Promise<void> => {
    if (!reading) {
      const started = now().getTime();
      const read = (store.verdictsVersion as () => Promise<string>)().then((version) => {
        if (version !== known) forget();
        known = version;
        readAt = started;
      });
      reading = read;
      read.then(
        () => {
          if (reading === read) reading = undefined;
        },
        () => {
          if (reading === read) reading = undefined;
        },
      );
    }
    return reading;
  };
  /** Resolves once what is cached may be used: at once while the version is fresh. */
  const fresh = (): Promise<void> | undefined => {
    if (!versioned) return undefined;
    const age = now().getTime() - readAt;
    if (age < versionTtlMs / 2) return undefined;
    if (age < versionTtlMs) {
      readVersion().catch(() => {}); // refreshed in the background; a failure shows on the next read
      return undefined;
    }
    return readVersion();
  };
  // With a version, cached windows stay until it changes; without one, for ttlMs.
  const entryTtl = versioned ? Number.POSITIVE_INFINITY : ttlMs;

  const load = async (id: string): Promise<WindowVerdicts | undefined> => {
    const raw = await store.verdictsForWindow(id);
    if (raw.length === 0) return undefined;
    const verdicts = sortVerdicts(raw);
    const first = verdicts[0];
    const window = first ? first.window : parseWindow(id);
    const full = complianceBody(window, verdicts);
    const { evaluatedAt, summary, rules, otherRules } = full;
    const variants = new Map<string, PreparedBody>();
    return {
      window,
      evaluatedAt,
      verdicts,
      byPromise: new Map(verdicts.map((v) => [v.promiseId, v])),
      summary,
      response: prepare(full),
      filtered(status, category) {
        const key = `${status ?? ''}|${category ?? ''}`;
        let variant = variants.get(key);
        if (!variant) {
          const chosen = verdicts.filter(
            (v) => (!status || v.status === status) && (!category || v.promise.category === category),
          );
          // The window's evaluation time and rules, whatever the filter keeps.
          variant = prepare({
            window,
            evaluatedAt,
            summary: summarise(chosen),
            rules,
            ...(otherRules ? { otherRules } : {}),
            verdicts: chosen.map((v) => toPublicVerdict(v)),
          });
          variants.set(key, variant);
        }
        return variant;
      },
    };
  };

  const findLatestWeek = async (list: Promise<string[]>, at: number): Promise<string | undefined> => {
    // Newest first; a stored week with no data in it (graded before its data arrived, or after
    // it ended) never displaces the latest week that has some, unless no week has any.
    const weeksNewestFirst = (await list)
      .map((id) => weekOf(id))
      .filter((w): w is Window => w !== null && new Date(w.start).getTime() <= at)
      .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
    let latestEmpty: string | undefined;
    for (const w of weeksNewestFirst) {
      const loaded = await cachedWindow(w.id);
      const end = new Date(loaded?.window.end ?? w.end).getTime();
      if (!loaded || end > at) continue;
      if (verdictsHaveData(loaded.verdicts)) return w.id;
      latestEmpty ??= w.id;
    }
    return latestEmpty;
  };

  const cachedWindows = (): Promise<string[]> => {
    const t = now().getTime();
    if (!windowList || windowList.expires <= t) {
      const value = store.listWindows();
      windowList = { expires: versioned ? Number.POSITIVE_INFINITY : t + ttlMs, value };
      value.catch(() => {
        if (windowList?.value === value) windowList = undefined;
      });
    }
    return windowList.value;
  };

  const cachedWindow = (id: string): Promise<WindowVerdicts | undefined> => {
    const t = now().getTime();
    const hit = entries.get(id);
    if (hit && hit.expires > t) return hit.value;
    const value = load(id);
    // Concurrent requests for the same window share one read.
    entries.set(id, { expires: t + entryTtl, value });
    value.catch(() => {
      if (entries.get(id)?.value === value) entries.delete(id);
    });
    return value;
  };

  const cachedLatestWeek = (): Promise<string | undefined> => {
    const t = now().getTime();
    const list = cachedWindows();
    if (latest && latest.list === list && latest.expires > t) return latest.value;
    const value = findLatestWeek(list, t);
    latest = { list, expires: t + ttlMs, value };
    value.catch(() => {
      if (latest?.value === value) latest = undefined;
    });
    return value;
  };

  /** Runs `f` on what is cached once it may be trusted (no extra await while the version is fresh). */
  const afterFresh = <T>(f: () => Promise<T>): Promise<T> => {
    const waiting = fresh();
    return waiting ? waiting.then(f) : f();
  };

  return {
    windows: () => afterFresh(cachedWindows),
    window: (id: string) => afterFresh(() => cachedWindow(id)),
    latestWeek: () => afterFresh(cachedLatestWeek),
    clear() {
      forget();
      known = undefined;
      readAt = Number.NEGATIVE_INFINITY;
    },
  };
};
