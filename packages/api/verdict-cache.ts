// Verdicts are computed when a window is evaluated, never per request, and a window's verdicts do
// not change until the next evaluation: keep each window (and its serialised response) in memory.

import { gzipSync } from 'node:zlib';
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
  /** The unfiltered GET /v1/compliance body, serialised once... */
  body: Uint8Array;
  /** ...and gzipped once (a window's evidence is ~1 KB a promise and compresses about tenfold). */
  gzipped: Uint8Array;
  /** Strong validator of `body`, for If-None-Match. */
  etag: string;
  /** A filtered body (by status and category), serialised and gzipped on first use, then kept. */
  filtered(status: VerdictStatus | undefined, category: string | undefined): SerialisedBody;
}

export interface SerialisedBody {
  /** UTF-8 bytes, encoded once: a 200-promise window is ~250 KB that no request should re-encode. */
  body: Uint8Array;
  gzipped: Uint8Array;
  etag: string;
}

/** A response body serialised once, gzipped once, with its strong validator. */
export const serialise = (value: unknown): SerialisedBody => {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return { body, gzipped: gzipSync(body, { level: 9 }), etag: `"${sha256Hex(body).slice(0, 32)}"` };
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

export const createVerdictCache = (options: {
  store: Pick<Store, 'verdictsForWindow' | 'listWindows'>;
  now: () => Date;
  ttlMs: number;
}): VerdictCache => {
  const { store, now, ttlMs } = options;
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

  const load = async (id: string): Promise<WindowVerdicts | undefined> => {
    const raw = await store.verdictsForWindow(id);
    if (raw.length === 0) return undefined;
    const verdicts = sortVerdicts(raw);
    const first = verdicts[0];
    const window = first ? first.window : parseWindow(id);
    const full = complianceBody(window, verdicts);
    const { evaluatedAt, summary, rules, otherRules } = full;
    const variants = new Map<string, SerialisedBody>();
    return {
      window,
      evaluatedAt,
      verdicts,
      byPromise: new Map(verdicts.map((v) => [v.promiseId, v])),
      summary,
      ...serialise(full),
      filtered(status, category) {
        const key = `${status ?? ''}|${category ?? ''}`;
        let variant = variants.get(key);
        if (!variant) {
          const chosen = verdicts.filter(
            (v) => (!status || v.status === status) && (!category || v.promise.category === category),
          );
          // The window's evaluation time and rules, whatever the filter keeps.
          variant = serialise({
            window,
            evaluatedAt,
            summary: summarise(chosen),
            rules,
            ...(otherRules ? { otherRules } : {}),
            verdicts: chosen.map(toPublicVerdict),
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
      const loaded = await cache.window(w.id);
      const end = new Date(loaded?.window.end ?? w.end).getTime();
      if (!loaded || end > at) continue;
      if (verdictsHaveData(loaded.verdicts)) return w.id;
      latestEmpty ??= w.id;
    }
    return latestEmpty;
  };

  const cache = {
    windows(): Promise<string[]> {
      const t = now().getTime();
      if (!windowList || windowList.expires <= t) {
        const value = store.listWindows();
        windowList = { expires: t + ttlMs, value };
        value.catch(() => {
          if (windowList?.value === value) windowList = undefined;
        });
      }
      return windowList.value;
    },

    window(id: string): Promise<WindowVerdicts | undefined> {
      const t = now().getTime();
      const hit = entries.get(id);
      if (hit && hit.expires > t) return hit.value;
      const value = load(id);
      // Concurrent requests for the same window share one read.
      entries.set(id, { expires: t + ttlMs, value });
      value.catch(() => {
        if (entries.get(id)?.value === value) entries.delete(id);
      });
      return value;
    },

    latestWeek(): Promise<string | undefined> {
      const t = now().getTime();
      const list = cache.windows();
      if (latest && latest.list === list && latest.expires > t) return latest.value;
      const value = findLatestWeek(list, t);
      latest = { list, expires: t + ttlMs, value };
      value.catch(() => {
        if (latest?.value === value) latest = undefined;
      });
      return value;
    },

    clear() {
      entries.clear();
      windowList = undefined;
      latest = undefined;
    },
  };
  return cache;
};
