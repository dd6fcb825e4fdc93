// The dashboard at `/`: unlocked with a read key (a form that sets an HttpOnly cookie, or ?key= once,
// which is swapped for the cookie and dropped from the URL), then promises grouped by status.

import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import type { Category, ServicePromise, Verdict, VerdictStatus } from '../../core/index.ts';
import { CATEGORIES, parseWindow, weeksEndingWith } from '../../core/index.ts';
import type { KeyChecker } from '../auth.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { STATUSES } from '../schemas.ts';
import {
  type DashboardFilters,
  DashboardPage,
  type DashboardRow,
  type DashboardView,
  UnlockPage,
} from './page.tsx';
import type { SparkPoint } from './sparkline.tsx';
import { DASHBOARD_CSS } from './styles.ts';

const COOKIE = 'pg_key';
const COOKIE_MAX_AGE = 30 * 86_400;
const HISTORY_WEEKS = 8;
const MAX_PROMISES = 2000;

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const filterSchema = {
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  tier: z.string().min(1).max(100),
  window: z.string().regex(/^\d{4}-W\d{2}$/),
} as const;

const readFilters = (c: Context<AppEnv>): { filters: DashboardFilters; ignored: string[] } => {
  const filters: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, schema] of Object.entries(filterSchema)) {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) filters[name] = parsed.data;
    else ignored.push(name);
  }
  return { filters: filters as DashboardFilters, ignored };
};

const OPERATOR_SIGNS: Record<string, string> = { '<=': '≤', '>=': '≥', '==': '=' };

/** "≤ 4 hours", "≥ 99.9%": the promise's normalised meaning in a few characters. */
export const statement = (p: { operator: string; threshold: number | null; unit: string | null }): string => {
  const sign = OPERATOR_SIGNS[p.operator] ?? p.operator;
  if (p.threshold === null) return sign;
  if (p.unit === 'percent') return `${sign} ${p.threshold}%`;
  return `${sign} ${p.threshold}${p.unit ? ` ${p.unit.replaceAll('_', ' ')}` : ''}`;
};

const rowFromVerdict = (v: Verdict, history: SparkPoint[]): DashboardRow => ({
  promiseId: v.promiseId,
  status: v.status,
  category: v.promise.category,
  quote: v.promise.quote,
  sourceUrl: v.promise.sourceUrl,
  seenAt: v.promise.seenAt,
  statement: statement(v.promise),
  tier: v.promise.qualifiers.tier ?? null,
  reason: v.reason,
  delivery: v.delivery,
  complaints: v.complaints,
  target: v.delivery?.target ?? v.promise.qualifiers.target ?? null,
  history,
  ...(v.closing?.length ? { closing: v.closing } : {}),
});

const rowFromPromise = (p: ServicePromise, history: SparkPoint[]): DashboardRow => ({
  promiseId: p.id,
  status: 'no_data',
  category: p.category,
  quote: p.quote,
  sourceUrl: p.sourceUrl,
  seenAt: p.lastSeen,
  statement: statement(p),
  tier: p.qualifiers.tier ?? null,
  reason: 'Not evaluated in this week.',
  delivery: null,
  complaints: null,
  target: p.qualifiers.target ?? null,
  history,
});

const allPromises = async (ctx: AppContext, f: DashboardFilters): Promise<ServicePromise[]> => {
  const out: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listPromises({
      ...(f.category ? { category: f.category } : {}),
      ...(f.tier ? { tier: f.tier } : {}),
      ...(cursor ? { cursor } : {}),
      limit: 500,
    });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor && out.length < MAX_PROMISES);
  return out;
};

const buildView = async (ctx: AppContext, filters: DashboardFilters, notice: string | null) => {
  const [windows, latest] = await Promise.all([ctx.verdicts.windows(), ctx.verdicts.latestWeek()]);
  const weeks = windows.filter((w) => /^\d{4}-W\d{2}$/.test(w)).sort((a, b) => b.localeCompare(a));
  let windowId = filters.window ?? latest ?? null;
  if (filters.window && !weeks.includes(filters.window)) {
    notice = `week ${filters.window} has not been evaluated; showing the latest`;
    windowId = latest ?? null;
  }
  const found = windowId ? await ctx.verdicts.window(windowId) : undefined;
  // Eight cached windows give every promise's sparkline without a read per promise.
  const historyWindows = windowId ? weeksEndingWith(parseWindow(windowId), HISTORY_WEEKS) : [];
  const past = await Promise.all(historyWindows.map((w) => ctx.verdicts.window(w.id)));
  const historyOf = (id: string): SparkPoint[] =>
    historyWindows.map((w, i) => {
      const v = past[i]?.byPromise.get(id);
      return { window: w.id, attainment: v?.delivery?.attainment ?? null, status: v?.status ?? null };
    });

  const matches = (category: Category, tier: string | null, status: VerdictStatus) =>
    (!filters.category || category === filters.category) &&
    (!filters.tier || tier?.toLowerCase() === filters.tier.toLowerCase()) &&
    (!filters.status || status === filters.status);

  const promises = await allPromises(ctx, {});
  const tiers = [...new Set(promises.flatMap((p) => (p.qualifiers.tier ? [p.qualifiers.tier] : [])))].sort();
  const rows: DashboardRow[] = [];
  for (const v of found?.verdicts ?? []) {
    if (matches(v.promise.category, v.promise.qualifiers.tier ?? null, v.status)) {
      rows.push(rowFromVerdict(v, historyOf(v.promiseId)));
    }
  }
  for (const p of promises) {
    if (found?.byPromise.has(p.id) || p.removedAt) continue;
    if (matches(p.category, p.qualifiers.tier ?? null, 'no_data'))
      rows.push(rowFromPromise(p, historyOf(p.id)));
  }
  const view: DashboardView = {
    windowId,
    evaluatedAt: found?.evaluatedAt ?? null,
    windows: weeks,
    tiers,
    filters,
    rows,
    notice,
  };
  return view;
};

const keyCookie = (c: Context<AppEnv>, key: string) =>
  setCookie(c, COOKIE, key, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: COOKIE_MAX_AGE,
  });

/** The current URL without `key`, so a key passed once never stays in the address bar or history. */
const withoutKey = (c: Context<AppEnv>): string => {
  const url = new URL(c.req.url);
  url.searchParams.delete('key');
  const qs = url.searchParams.toString();
  return `/${qs ? `?${qs}` : ''}`;
};

export const dashboardRoutes = (ctx: AppContext, keys: KeyChecker) => {
  const app = new Hono<AppEnv>();
  // Scoped to the dashboard's own paths: mounted at `/`, a `*` middleware would reach the API too.
  const pageHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
  };
  app.use('/', pageHeaders);
  app.use('/unlock', pageHeaders);
  app.use('/lock', pageHeaders);

  app.get('/assets/dashboard.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(DASHBOARD_CSS);
  });

  app.get('/', async (c) => {
    const fromQuery = c.req.query('key');
    if (fromQuery !== undefined) {
      const check = await keys.check(fromQuery, 'read');
      if (!check.ok) return c.html(<UnlockPage error="That key is not valid." />, 401);
      keyCookie(c, fromQuery);
      return c.redirect(withoutKey(c), 303);
    }
    const cookie = getCookie(c, COOKIE);
    if (!cookie) return c.html(<UnlockPage error={null} />, 200);
    const check = await keys.check(cookie, 'read');
    if (!check.ok) {
      deleteCookie(c, COOKIE, { path: '/' });
      return c.html(<UnlockPage error="That key is no longer valid." />, 401);
    }
    const { filters, ignored } = readFilters(c);
    const notice = ignored.length ? `ignored unknown filter values: ${ignored.join(', ')}` : null;
    const view = await buildView(ctx, filters, notice);
    return c.html(<DashboardPage view={view} />, 200);
  });

  app.post('/unlock', csrf(), async (c) => {
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const check = await keys.check(key || undefined, 'read');
    if (!check.ok) return c.html(<UnlockPage error="That key is not valid." />, 401);
    keyCookie(c, key);
    return c.redirect('/', 303);
  });

  app.post('/lock', csrf(), (c) => {
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  return app;
};
