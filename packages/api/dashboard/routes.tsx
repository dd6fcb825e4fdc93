// The dashboard at `/`: unlocked with a read key (a form that sets an HttpOnly cookie, or ?key= once,
// which is swapped for the cookie and dropped from the URL), then promises grouped by status.

// First: the API's schemas load @hono/zod-openapi, which must extend zod before any package (the
// digest pulls in compliance, which pulls in ingest) builds a schema the API documents.
import { signalsModel } from '../../digest/signals.ts';
import '../schemas.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import type { ServicePromise, Verdict } from '../../core/index.ts';
import { CATEGORIES, parseWindow, rulesOf, weeksEndingWith } from '../../core/index.ts';
import {
  describeVerdict,
  promisedPhrase,
  statementKey,
  trendWords,
  windowLabel,
} from '../../digest/index.ts';
import { registerOf } from '../../register/index.ts';
import type { KeyChecker } from '../auth.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { STATUSES } from '../schemas.ts';
import { DEFAULT_DETAIL_SECTIONS, DetailPage, type DetailSection, type DetailView } from './detail.tsx';
import {
  type DashboardFilters,
  DashboardPage,
  type DashboardRow,
  type DashboardView,
  NotFoundPage,
  RulesPage,
  SORT_KEYS,
  type SortKey,
  sortValue,
  UnlockPage,
} from './page.tsx';
import { DASHBOARD_JS } from './script.ts';
import type { SparkPoint } from './sparkline.tsx';
import { DASHBOARD_CSS, FAVICON_SVG } from './styles.ts';

const COOKIE = 'pg_key';
const COOKIE_MAX_AGE = 30 * 86_400;
const HISTORY_WEEKS = 8;
const DETAIL_WEEKS = 13;
const MAX_PROMISES = 2000;

const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const filterSchema = {
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  tier: z.string().min(1).max(100),
  window: z.string().regex(/^\d{4}-W\d{2}$/),
  q: z.string().min(1).max(200),
  sort: z.enum(SORT_KEYS),
  dir: z.enum(['asc', 'desc']),
} as const;

const readFilters = (c: Context<AppEnv>): { filters: DashboardFilters; ignored: string[] } => {
  const filters: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, schema] of Object.entries(filterSchema)) {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') continue;
    const parsed = schema.safeParse(name === 'q' ? raw.trim() : raw);
    if (parsed.success) filters[name] = parsed.data;
    else ignored.push(name);
  }
  return { filters: filters as DashboardFilters, ignored };
};

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Unmeasured, yet at least 3 complaints and half of the matched ones allege a breach. */
const alarmingComplaints = (v: Verdict): boolean =>
  v.status === 'no_data' &&
  !!v.complaints &&
  v.complaints.allegingBreach >= 3 &&
  v.complaints.allegingBreach * 2 >= v.complaints.matched;

const detailHref = (id: string, windowId: string | null) =>
  `/promises/${encodeURIComponent(id)}${windowId ? `?window=${encodeURIComponent(windowId)}` : ''}`;

const rowFromVerdict = (v: Verdict, history: SparkPoint[], statements: number): DashboardRow => {
  const facts = describeVerdict(v);
  const extraDigits = facts.uptime ? 1 : 0;
  const d = v.delivery;
  const target = d && isFiniteNumber(d.target) ? d.target : (v.promise.qualifiers.target ?? null);
  const attainment = d && d.samples > 0 && isFiniteNumber(d.attainment) ? d.attainment : null;
  // The verdict's own trend, or last week's point of the sparkline beside it: the words agree with the line.
  const lastWeek = history.at(-2)?.attainment ?? null;
  const previous = isFiniteNumber(v.trend?.previousAttainment) ? v.trend.previousAttainment : lastWeek;
  return {
    promiseId: v.promiseId,
    status: v.status,
    category: v.promise.category,
    quote: v.promise.quote,
    sourceUrl: v.promise.sourceUrl,
    promised: facts.promised,
    tier: v.promise.qualifiers.tier ?? null,
    attainment,
    attainmentShown: facts.attainmentShown && facts.uptime ? facts.uptime.uptime : facts.attainmentShown,
    targetShown: facts.targetShown,
    trendDelta: attainment !== null && previous !== null ? attainment - previous : null,
    trendWords: v.status === 'no_data' ? '' : trendWords(attainment, previous, target, 'week', extraDigits),
    complaints: v.complaints
      ? { matched: v.complaints.matched, allegingBreach: v.complaints.allegingBreach }
      : null,
    perceptionGap: v.complaints?.perceptionGap === true && (v.status === 'kept' || v.status === 'at_risk'),
    alarming: alarmingComplaints(v),
    statements,
    history,
    target,
    extraDigits,
    detailHref: detailHref(v.promiseId, v.window.id),
  };
};

const rowFromPromise = (p: ServicePromise, history: SparkPoint[], windowId: string | null): DashboardRow => ({
  promiseId: p.id,
  status: 'no_data',
  category: p.category,
  quote: p.quote,
  sourceUrl: p.sourceUrl,
  promised: promisedPhrase(p.operator, p.threshold, p.unit),
  tier: p.qualifiers.tier ?? null,
  attainment: null,
  attainmentShown: null,
  targetShown: null,
  trendDelta: null,
  trendWords: 'not evaluated this week',
  complaints: null,
  perceptionGap: false,
  alarming: false,
  statements: 1,
  history,
  target: p.qualifiers.target ?? null,
  extraDigits: 0,
  detailHref: detailHref(p.id, windowId),
});

const allPromises = async (ctx: AppContext): Promise<ServicePromise[]> => {
  const out: ServicePromise[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listPromises({ ...(cursor ? { cursor } : {}), limit: 500 });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor && out.length < MAX_PROMISES);
  return out;
};

/** The pages a commitment is stated on now (the register's statements not since removed). */
const liveStatements = (p: ServicePromise | undefined) =>
  p ? registerOf(p).statements.filter((st) => !st.removedAt) : [];

const historyFor = async (ctx: AppContext, windowId: string | null, weeks: number) => {
  const windows = windowId ? weeksEndingWith(parseWindow(windowId), weeks) : [];
  // Cached windows give every promise's sparkline without a read per promise.
  const past = await Promise.all(windows.map((w) => ctx.verdicts.window(w.id)));
  return {
    windows,
    of: (id: string): { window: string; verdict: Verdict | undefined }[] =>
      windows.map((w, i) => ({ window: w.id, verdict: past[i]?.byPromise.get(id) })),
  };
};

const spark = (points: { window: string; verdict: Verdict | undefined }[]): SparkPoint[] =>
  points.map(({ window, verdict: v }) => ({
    window,
    attainment: v?.delivery && v.delivery.samples > 0 ? v.delivery.attainment : null,
    status: v?.status ?? null,
  }));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What matters first: broken promises, then at risk, then the unmeasured ones customers complain about. */
const headlineOf = (rows: DashboardRow[], period: string): { headline: string; summary: string } => {
  const n = (f: (r: DashboardRow) => boolean) => rows.filter(f).length;
  const broken = n((r) => r.status === 'breached');
  const atRisk = n((r) => r.status === 'at_risk');
  const gaps = n((r) => r.perceptionGap);
  const unmeasured = n((r) => r.status === 'no_data');
  const alarming = n((r) => r.alarming);
  const kept = n((r) => r.status === 'kept');
  const headline =
    rows.length === 0
      ? 'No promises evaluated yet'
      : broken > 0
        ? `${plural(broken, 'promise', 'promises')} broken ${period}`
        : atRisk > 0
          ? `No promise broken ${period}; ${plural(atRisk, 'is', 'are')} at risk`
          : `No promise broken ${period}`;
  const parts = [
    atRisk > 0 && broken > 0 ? `${atRisk} at risk` : '',
    gaps > 0
      ? `${plural(gaps, 'perception gap', 'perception gaps')} (kept by the figures, disputed by customers)`
      : '',
    unmeasured > 0
      ? `${unmeasured} not measured${alarming > 0 ? `, ${alarming} of them with customers alleging breaches` : ''}`
      : '',
    `${kept} kept`,
  ].filter(Boolean);
  return { headline, summary: `${parts.join(' · ')}.` };
};

const compareRows = (key: SortKey, dir: 'asc' | 'desc') => (a: DashboardRow, b: DashboardRow) => {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  // Rows without a figure go last whichever way the column is sorted.
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  return dir === 'asc' ? order : -order;
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
  const past = await historyFor(ctx, windowId, HISTORY_WEEKS);
  const promises = await allPromises(ctx);
  const tiers = [...new Set(promises.flatMap((p) => (p.qualifiers.tier ? [p.qualifiers.tier] : [])))].sort();

  // One row per commitment, as the digest, /v1/gaps and the API count them: a commitment stated on
  // several pages is one row ("stated 3 times"); two commitments graded on the same figures stay two.
  const byId = new Map(promises.map((p) => [p.id, p]));
  const rows: DashboardRow[] = (found?.verdicts ?? []).map((v) =>
    rowFromVerdict(v, spark(past.of(v.promiseId)), liveStatements(byId.get(v.promiseId)).length || 1),
  );
  for (const p of promises) {
    if (found?.byPromise.has(p.id) || p.removedAt) continue;
    rows.push(rowFromPromise(p, spark(past.of(p.id)), windowId));
  }
  const key = filters.sort ?? 'status';
  const dir = filters.dir ?? 'asc';
  rows.sort(
    (a, b) =>
      compareRows(key, dir)(a, b) || compareRows('complaints', 'asc')(a, b) || a.quote.localeCompare(b.quote),
  );
  const q = filters.q?.toLowerCase();
  const shown = new Set(
    rows
      .filter(
        (r) =>
          (!filters.category || r.category === filters.category) &&
          (!filters.tier || r.tier?.toLowerCase() === filters.tier.toLowerCase()) &&
          (!filters.status || r.status === filters.status) &&
          (!q ||
            `${r.quote} ${r.promised} ${r.category.replaceAll('_', ' ')} ${r.tier ?? ''} ${r.sourceUrl}`
              .toLowerCase()
              .includes(q)),
      )
      .map((r) => r.promiseId),
  );
  const period = windowId && /-W\d{2}$/.test(windowId) ? 'this week' : 'in this window';
  const label = windowId ? windowLabel(windowId) : 'no evaluated week yet';
  const view: DashboardView = {
    windowId,
    windowLabel: label,
    evaluatedAt: found?.evaluatedAt ?? null,
    windows: weeks,
    tiers,
    filters: { ...filters, sort: key, dir },
    rows,
    shown,
    ...headlineOf(rows, period),
    notice,
    ...(ctx.gapSignals && found ? { signals: signalsModel(await ctx.gapSignals(found.window)) } : {}),
  };
  return view;
};

const buildDetail = async (
  ctx: AppContext,
  id: string,
  requested: string | undefined,
): Promise<DetailView | undefined> => {
  const latest = await ctx.verdicts.latestWeek();
  const windowId = requested && /^\d{4}-W\d{2}$/.test(requested) ? requested : latest;
  const [promise, versions] = await Promise.all([
    ctx.store.getPromise(id),
    ctx.store.listPromiseVersions(id),
  ]);
  const found = windowId ? await ctx.verdicts.window(windowId) : undefined;
  const verdict = found?.byPromise.get(id);
  if (!promise && !verdict) return undefined;
  const past = await historyFor(ctx, windowId ?? null, DETAIL_WEEKS);
  const points = past.of(id);
  const facts = verdict ? describeVerdict(verdict) : null;
  const extraDigits = facts?.uptime ? 1 : 0;
  const key = verdict ? statementKey(verdict) : null;
  const quote = verdict?.promise.quote ?? promise?.quote ?? '';
  const sourceUrl = verdict?.promise.sourceUrl ?? promise?.sourceUrl ?? '';
  // The commitment's other statements (other pages, other words), then other commitments graded
  // on the very same figures this week, which are theirs to read on their own pages.
  const statements = liveStatements(promise)
    .filter((st) => !(st.url === sourceUrl && st.quote === quote))
    .map((st) => ({ quote: st.quote, sourceUrl: st.url ?? '', seenAt: st.lastSeen ?? null }));
  const sameFigures = key
    ? (found?.verdicts ?? [])
        .filter((v) => v.promiseId !== id && statementKey(v) === key)
        .map((v) => ({ promiseId: v.promiseId, quote: v.promise.quote, sourceUrl: v.promise.sourceUrl }))
    : [];
  const d = verdict?.delivery;
  const previous = isFiniteNumber(verdict?.trend?.previousAttainment)
    ? verdict.trend.previousAttainment
    : null;
  return {
    promiseId: id,
    windowId: windowId ?? '',
    windowLabel: windowId ? windowLabel(windowId) : 'no evaluated week yet',
    evaluatedAt: found?.evaluatedAt ?? null,
    verdict,
    quote,
    sourceUrl,
    seenAt: verdict?.promise.seenAt ?? promise?.lastSeen ?? null,
    facts,
    trend:
      verdict && verdict.status !== 'no_data'
        ? trendWords(
            d && d.samples > 0 ? d.attainment : null,
            previous,
            d?.target ?? null,
            'week',
            extraDigits,
          )
        : null,
    history: points.map((p) => ({ windowId: p.window, verdict: p.verdict })),
    spark: spark(points),
    extraDigits,
    statements,
    sameFigures,
    versions,
  };
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

export const dashboardRoutes = (
  ctx: AppContext,
  keys: KeyChecker,
  options: { detailSections?: readonly DetailSection[] } = {},
) => {
  const app = new Hono<AppEnv>();
  const sections = options.detailSections ?? DEFAULT_DETAIL_SECTIONS;
  // Scoped to the dashboard's own paths: mounted at `/`, a `*` middleware would reach the API too.
  const pageHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
  };
  app.use('/', pageHeaders);
  app.use('/promises/*', pageHeaders);
  app.use('/rules', pageHeaders);
  app.use('/unlock', pageHeaders);
  app.use('/lock', pageHeaders);

  const asset = (path: string, type: string, body: string) =>
    app.get(path, (c) => {
      c.header('Content-Type', type);
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(body);
    });
  asset('/assets/dashboard.css', 'text/css; charset=utf-8', DASHBOARD_CSS);
  asset('/assets/dashboard.js', 'text/javascript; charset=utf-8', DASHBOARD_JS);
  asset('/favicon.svg', 'image/svg+xml', FAVICON_SVG);
  // Browsers ask for /favicon.ico whatever the page says: point them at the SVG.
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));

  /** The key from the cookie, checked; a response when the visitor must unlock first. */
  const unlocked = async (c: Context<AppEnv>): Promise<Response | null> => {
    const cookie = getCookie(c, COOKIE);
    if (!cookie) return c.html(<UnlockPage error={null} />, 200);
    const check = await keys.check(cookie, 'read');
    if (!check.ok) {
      deleteCookie(c, COOKIE, { path: '/' });
      return c.html(<UnlockPage error="That key is no longer valid." />, 401);
    }
    return null;
  };

  app.get('/promises/:id', async (c) => {
    const locked = await unlocked(c);
    if (locked) return locked;
    const id = c.req.param('id');
    const view = id.length <= 200 ? await buildDetail(ctx, id, c.req.query('window')) : undefined;
    if (!view) {
      return c.html(<NotFoundPage what={`No promise with id ${id.slice(0, 200)}.`} />, 404);
    }
    return c.html(<DetailPage view={view} sections={sections} />, 200);
  });

  app.get('/rules', async (c) => {
    const locked = await unlocked(c);
    if (locked) return locked;
    const latest = await ctx.verdicts.latestWeek();
    const found = latest ? await ctx.verdicts.window(latest) : undefined;
    const rules = found ? (rulesOf(found.verdicts)[0] ?? null) : null;
    return c.html(
      <RulesPage
        rules={rules}
        windowLabel={latest ? windowLabel(latest) : null}
        evaluatedAt={found?.evaluatedAt ?? null}
        asked={c.req.query('version') ?? null}
      />,
      200,
    );
  });

  app.get('/', async (c) => {
    const fromQuery = c.req.query('key');
    if (fromQuery !== undefined) {
      const check = await keys.check(fromQuery, 'read');
      if (!check.ok) return c.html(<UnlockPage error="That key is not valid." />, 401);
      keyCookie(c, fromQuery);
      return c.redirect(withoutKey(c), 303);
    }
    const locked = await unlocked(c);
    if (locked) return locked;
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
