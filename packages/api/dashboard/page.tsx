// The dashboard's list page and layout, server-rendered. hono/jsx escapes every text and attribute, and
// nothing here bypasses it: promise quotes and complaint text come from pages and customers we do not
// control. The table sorts and filters on the server (links and a form); a small script does it in place.

import type { Child } from 'hono/jsx';
import type { Category, VerdictStatus } from '../../core/index.ts';
import { CATEGORIES } from '../../core/index.ts';
import type { SignalsModel } from '../../digest/signals.ts';
import { STATUSES } from '../schemas.ts';
import { SignalsPanel } from './signals.tsx';
import { Sparkline, type SparkPoint } from './sparkline.tsx';

export interface DashboardRow {
  promiseId: string;
  status: VerdictStatus;
  category: Category;
  quote: string;
  sourceUrl: string;
  /** "within 2 business hours", "at least 99.95% monthly uptime". */
  promised: string;
  tier: string | null;
  /** The share within the promise (uptime: the period's uptime), as a number to sort on and as shown. */
  attainment: number | null;
  attainmentShown: string | null;
  targetShown: string | null;
  /** The change since last window, in points. */
  trendDelta: number | null;
  trendWords: string;
  complaints: { matched: number; allegingBreach: number } | null;
  perceptionGap: boolean;
  /** An unmeasured promise whose complaints allege breaches: shown as loud as a broken one. */
  alarming: boolean;
  /** How many statements (pages, wordings) this row stands for. */
  statements: number;
  history: SparkPoint[];
  target: number | null;
  extraDigits: number;
  detailHref: string;
}

export interface DashboardFilters {
  category?: Category;
  status?: VerdictStatus;
  tier?: string;
  window?: string;
  q?: string;
  sort?: SortKey;
  dir?: 'asc' | 'desc';
}

export const SORT_KEYS = [
  'status',
  'promise',
  'category',
  'plan',
  'attainment',
  'trend',
  'complaints',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface DashboardView {
  windowId: string | null;
  windowLabel: string;
  evaluatedAt: string | null;
  windows: string[];
  tiers: string[];
  filters: DashboardFilters;
  /** Every row of the window (the script filters these in place); `shown` says which pass the filters. */
  rows: DashboardRow[];
  shown: Set<string>;
  headline: string;
  summary: string;
  notice: string | null;
  /** The policy gap and the claims the evidence contradicts (when the server knows the configuration). */
  signals?: SignalsModel | null;
}

export const STATUS_TITLES: Record<VerdictStatus, string> = {
  breached: 'Broken',
  at_risk: 'At risk',
  kept: 'Kept',
  no_data: 'Not measured',
};

export const label = (s: string) => s.replaceAll('_', ' ');

/** Only http(s) links are rendered as links: a `javascript:` source URL must never become an href. */
export const safeHref = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};

export const Layout = (props: { title: string; children: Child; windowLabel?: string }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{props.title}</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/assets/dashboard.css" />
      <script src="/assets/dashboard.js" defer />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      {props.children}
    </body>
  </html>
);

export const TopBar = (props: { windowLabel: string | null; evaluatedAt: string | null }) => (
  <header class="top">
    <a class="brand" href="/">
      promisegap
    </a>
    <span class="window">
      {props.windowLabel ?? 'no evaluated week yet'}
      {props.evaluatedAt ? ` · evaluated ${props.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
    </span>
    <a href="/rules">How figures are counted</a>
    <a href="/review">Review queue</a>
    <form method="post" action="/lock">
      <button type="submit">Lock</button>
    </form>
  </header>
);

export const UnlockPage = (props: { error: string | null }) => (
  <Layout title="promisegap · unlock">
    <main id="main">
      <form class="unlock" method="post" action="/unlock">
        <h1>promisegap</h1>
        <p>Enter a read API key to see whether each promise is being kept.</p>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button type="submit">Unlock</button>
      </form>
    </main>
  </Layout>
);

const Select = (props: {
  name: string;
  title: string;
  value: string | undefined;
  options: readonly string[];
  emptyLabel?: string;
  labels?: Record<string, string>;
  current?: string;
}) => (
  <label>
    {props.title}
    <select name={props.name} data-current={props.current}>
      <option value="">{props.emptyLabel ?? 'all'}</option>
      {props.options.map((o) => (
        <option value={o} selected={props.value === o}>
          {props.labels?.[o] ?? label(o)}
        </option>
      ))}
    </select>
  </label>
);

const sortHref = (view: DashboardView, key: SortKey, dir: 'asc' | 'desc'): string => {
  const p = new URLSearchParams();
  for (const name of ['window', 'q', 'status', 'category', 'tier'] as const) {
    const v = view.filters[name];
    if (v) p.set(name, v);
  }
  p.set('sort', key);
  p.set('dir', dir);
  return `/?${p}`;
};

const Th = (props: { view: DashboardView; sort: SortKey; title: string; numeric?: boolean }) => {
  const { view, sort } = props;
  const active = view.filters.sort === sort;
  const dir = active && view.filters.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th
      scope="col"
      aria-sort={active ? (view.filters.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      class={props.numeric ? 'num' : undefined}
    >
      <a href={sortHref(view, sort, dir)} data-sort={sort} data-type={props.numeric ? 'number' : 'text'}>
        {props.title}
      </a>
    </th>
  );
};

const STATUS_RANK: Record<VerdictStatus, number> = { breached: 0, at_risk: 1, no_data: 2, kept: 3 };

/** The value a column sorts on; the same the server uses, so both orders agree. */
export const sortValue = (row: DashboardRow, key: SortKey): string | number | null => {
  switch (key) {
    case 'status':
      // Alarming unmeasured promises sort with the broken ones.
      return row.alarming ? 0.5 : STATUS_RANK[row.status];
    case 'promise':
      return row.quote.toLowerCase();
    case 'category':
      return row.category;
    case 'plan':
      return (row.tier ?? '').toLowerCase();
    case 'attainment':
      return row.attainment;
    case 'trend':
      return row.trendDelta;
    case 'complaints':
      // Most alleging first when ascending makes no sense to a reader: sort on minus the rate.
      return row.complaints && row.complaints.matched > 0
        ? -Math.round((1000 * row.complaints.allegingBreach) / row.complaints.matched) / 10
        : null;
  }
};

const ComplaintsCell = (props: { row: DashboardRow }) => {
  const c = props.row.complaints;
  if (!c || c.matched === 0) return <span class="muted">none</span>;
  return (
    <span class={props.row.alarming || props.row.perceptionGap ? 'alarm' : undefined}>
      {c.allegingBreach} of {c.matched} allege a breach
    </span>
  );
};

const Row = (props: { row: DashboardRow; hidden: boolean }) => {
  const { row } = props;
  const href = safeHref(row.sourceUrl);
  const value = (key: SortKey) => {
    const v = sortValue(row, key);
    return v === null ? '' : String(v);
  };
  const search =
    `${row.quote} ${row.promised} ${label(row.category)} ${row.tier ?? ''} ${row.sourceUrl}`.toLowerCase();
  return (
    <tr
      data-promise={row.promiseId}
      data-status={row.status}
      data-category={row.category}
      data-tier={(row.tier ?? '').toLowerCase()}
      data-search={search}
      hidden={props.hidden}
    >
      <td data-label="Status" data-value={value('status')}>
        <span class={`badge ${row.status}`}>{STATUS_TITLES[row.status]}</span>
        {row.perceptionGap && <span class="badge gap">perception gap</span>}
        {row.alarming && <span class="badge breached">customers complain</span>}
      </td>
      <td class="lead" data-label="Promise" data-value={value('promise')}>
        <a class="quote" href={row.detailHref}>
          {row.quote.length > 160 ? `${row.quote.slice(0, 157)}…` : row.quote}
        </a>
        <span class="what">
          {row.promised}
          {row.statements > 1 ? ` · stated ${row.statements} times` : ''}
          {' · '}
          {href ? (
            <a href={href} rel="noopener noreferrer nofollow">
              {new URL(href).pathname || '/'}
            </a>
          ) : (
            <span>{row.sourceUrl}</span>
          )}
        </span>
      </td>
      <td data-label="Category" data-value={value('category')}>
        {label(row.category)}
      </td>
      <td data-label="Plan" data-value={value('plan')}>
        {row.tier ?? <span class="muted">all</span>}
      </td>
      <td class="num" data-label="Attainment" data-value={value('attainment')}>
        {row.attainmentShown ?? <span class="muted">–</span>}
        {row.targetShown && row.attainmentShown && <span class="what">of {row.targetShown}</span>}
      </td>
      <td data-label="Trend" data-value={value('trend')}>
        <Sparkline points={row.history} target={row.target} extraDigits={row.extraDigits} />
        <span class="what">{row.trendWords}</span>
      </td>
      <td data-label="Complaints" data-value={value('complaints')}>
        <ComplaintsCell row={row} />
      </td>
    </tr>
  );
};

export const DashboardPage = (props: { view: DashboardView }) => {
  const { view } = props;
  const shown = view.rows.filter((r) => view.shown.has(r.promiseId)).length;
  return (
    <Layout title={`promisegap · ${view.headline}`}>
      <TopBar windowLabel={view.windowId ? view.windowLabel : null} evaluatedAt={view.evaluatedAt} />
      <main id="main">
        {view.notice && (
          <p class="error" role="alert">
            {view.notice}
          </p>
        )}
        <h1 class={/broken/.test(view.headline) && !/^No /.test(view.headline) ? 'breached' : undefined}>
          {view.headline}
        </h1>
        <p class="sub">{view.summary}</p>
        <search>
          <form class="filters" method="get" action="/" aria-label="Filter promises">
            <label class="search">
              Search
              <input type="search" name="q" value={view.filters.q ?? ''} placeholder="words, plan, page…" />
            </label>
            <Select
              name="status"
              title="Status"
              value={view.filters.status}
              options={STATUSES}
              labels={STATUS_TITLES}
            />
            <Select name="category" title="Category" value={view.filters.category} options={CATEGORIES} />
            <Select
              name="tier"
              title="Plan"
              value={view.filters.tier}
              options={view.tiers}
              labels={Object.fromEntries(view.tiers.map((t) => [t, t]))}
            />
            <Select
              name="window"
              title="Week"
              value={view.filters.window}
              options={view.windows}
              emptyLabel="latest"
              current={view.filters.window ?? ''}
            />
            {view.filters.sort && <input type="hidden" name="sort" value={view.filters.sort} />}
            {view.filters.dir && <input type="hidden" name="dir" value={view.filters.dir} />}
            <button type="submit">Apply</button>
          </form>
        </search>
        <p class="count" id="count" aria-live="polite">
          {shown === view.rows.length
            ? `Showing all ${view.rows.length} promises`
            : `Showing ${shown} of ${view.rows.length} promises`}
        </p>
        {view.rows.length === 0 ? (
          <p class="empty">No promises have been evaluated yet: run the evaluation first.</p>
        ) : (
          <table class="promises">
            <caption class="skip">Promises, {view.windowLabel}: select a column heading to sort</caption>
            <thead>
              <tr>
                <Th view={view} sort="status" title="Status" />
                <Th view={view} sort="promise" title="Promise" />
                <Th view={view} sort="category" title="Category" />
                <Th view={view} sort="plan" title="Plan" />
                <Th view={view} sort="attainment" title="Attainment" numeric />
                <Th view={view} sort="trend" title="Trend" numeric />
                <Th view={view} sort="complaints" title="Complaints" numeric />
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <Row row={r} hidden={!view.shown.has(r.promiseId)} />
              ))}
            </tbody>
          </table>
        )}
        {view.rows.length > 0 && shown === 0 && <p class="empty">No promises match these filters.</p>}
        <SignalsPanel model={view.signals} />
      </main>
    </Layout>
  );
};

export const RulesPage = (props: {
  rules: { version: string; text: string } | null;
  windowLabel: string | null;
  evaluatedAt: string | null;
  asked: string | null;
}) => (
  <Layout title="promisegap · how figures are counted">
    <TopBar windowLabel={props.windowLabel} evaluatedAt={props.evaluatedAt} />
    <main id="main">
      <p class="crumbs">
        <a href="/">← All promises</a>
      </p>
      <h1>How figures are counted</h1>
      {props.rules ? (
        <>
          <p class="sub">
            Rules version {props.rules.version}
            {props.asked && props.asked !== props.rules.version
              ? ` (you followed a link to version ${props.asked}; these are the rules of the latest evaluation)`
              : ''}
          </p>
          <div class="rules">{props.rules.text}</div>
        </>
      ) : (
        <p class="empty">No week has been evaluated yet.</p>
      )}
    </main>
  </Layout>
);

export const NotFoundPage = (props: { what: string }) => (
  <Layout title="promisegap · not found">
    <TopBar windowLabel={null} evaluatedAt={null} />
    <main id="main">
      <h1>Not found</h1>
      <p>{props.what}</p>
      <p>
        <a href="/">← All promises</a>
      </p>
    </main>
  </Layout>
);
