// The dashboard's pages, server-rendered. hono/jsx escapes every text and attribute, and nothing here
// bypasses it: promise quotes and complaint text come from pages and customers we do not control.

import type { Child } from 'hono/jsx';
import type {
  Category,
  ClosingVerdict,
  ComplaintEvidence,
  DeliveryFigures,
  VerdictStatus,
} from '../../core/index.ts';
import { CATEGORIES } from '../../core/index.ts';
import { STATUSES } from '../schemas.ts';
import { STATUS_ORDER } from '../verdict-cache.ts';
import { Sparkline, type SparkPoint } from './sparkline.tsx';

export interface DashboardRow {
  promiseId: string;
  status: VerdictStatus;
  category: Category;
  quote: string;
  sourceUrl: string;
  seenAt: string | null;
  statement: string;
  tier: string | null;
  reason: string | null;
  delivery: DeliveryFigures | null;
  complaints: ComplaintEvidence | null;
  target: number | null;
  history: SparkPoint[];
  /** Closing verdicts of the promise's periods (e.g. March) that ended in this week. */
  closing?: ClosingVerdict[];
}

export interface DashboardFilters {
  category?: Category;
  status?: VerdictStatus;
  tier?: string;
  window?: string;
}

export interface DashboardView {
  windowId: string | null;
  evaluatedAt: string | null;
  windows: string[];
  tiers: string[];
  filters: DashboardFilters;
  rows: DashboardRow[];
  notice: string | null;
}

const STATUS_TITLES: Record<VerdictStatus, string> = {
  breached: 'Breached',
  at_risk: 'At risk',
  kept: 'Kept',
  no_data: 'No data',
};

const label = (s: string) => s.replaceAll('_', ' ');

/** Only http(s) links are rendered as links: a `javascript:` source URL must never become an href. */
export const safeHref = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};

const num = (n: number | null, digits = 1): string =>
  n === null || !Number.isFinite(n) ? '–' : (Math.round(n * 10 ** digits) / 10 ** digits).toString();

const Layout = (props: { title: string; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{props.title}</title>
      <link rel="stylesheet" href="/assets/dashboard.css" />
    </head>
    <body>{props.children}</body>
  </html>
);

export const UnlockPage = (props: { error: string | null }) => (
  <Layout title="promisegap · unlock">
    <main>
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

const Figures = (props: { d: DeliveryFigures }) => {
  const { d } = props;
  const unit = d.unit ? ` ${label(d.unit)}` : '';
  return (
    <dl class="figures">
      <div>
        <dt>attainment</dt>
        <dd>{num(d.attainment)}%</dd>
      </div>
      <div>
        <dt>target</dt>
        <dd>{d.target === null ? 'none (mean)' : `${num(d.target)}%`}</dd>
      </div>
      <div>
        <dt>samples</dt>
        <dd>{d.samples}</dd>
      </div>
      <div>
        <dt>p50</dt>
        <dd>
          {num(d.p50)}
          {unit}
        </dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd>
          {num(d.p95)}
          {unit}
        </dd>
      </div>
      <div>
        <dt>max</dt>
        <dd>
          {num(d.max)}
          {unit}
        </dd>
      </div>
      <div>
        <dt>budget left</dt>
        <dd>{num(d.errorBudgetLeft, 0)}%</dd>
      </div>
    </dl>
  );
};

const Card = (props: { row: DashboardRow }) => {
  const { row } = props;
  const href = safeHref(row.sourceUrl);
  const quotes = row.complaints?.quotes.slice(0, 3) ?? [];
  return (
    <article class={`card ${row.status}`} data-promise={row.promiseId} data-status={row.status}>
      <div class="meta">
        <span class={`badge ${row.status}`}>{STATUS_TITLES[row.status]}</span>
        <span>{label(row.category)}</span>
        <span>{row.statement}</span>
        {row.tier && <span>tier: {row.tier}</span>}
      </div>
      <blockquote>{row.quote}</blockquote>
      <div class="meta">
        {href ? (
          <a href={href} rel="noopener noreferrer nofollow" target="_blank">
            {row.sourceUrl}
          </a>
        ) : (
          <span>{row.sourceUrl}</span>
        )}
        {row.seenAt && <span>seen {row.seenAt.slice(0, 10)}</span>}
      </div>
      {row.delivery ? <Figures d={row.delivery} /> : <p class="reason">No metric backs this promise.</p>}
      {row.reason && <p class="reason">{row.reason}</p>}
      {(row.closing ?? []).map((c) => (
        <p class="reason closing">
          Closing verdict, {c.window.id}: {label(c.status)}. {c.reason}
        </p>
      ))}
      <Sparkline points={row.history} target={row.target} />
      {row.complaints && row.complaints.matched > 0 && (
        <p class="reason">
          {row.complaints.allegingBreach} of {row.complaints.matched} matching complaints allege a breach
          {row.complaints.perceptionGap ? ' (perception gap)' : ''}
        </p>
      )}
      {quotes.length > 0 && (
        <ul class="complaints">
          {quotes.map((q) => (
            <li>
              “{q.quote}” <span class="meta">{q.at.slice(0, 10)}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
};

const Select = (props: {
  name: string;
  title: string;
  value: string | undefined;
  options: readonly string[];
  emptyLabel?: string;
}) => (
  <label>
    {props.title}
    <select name={props.name}>
      <option value="">{props.emptyLabel ?? 'all'}</option>
      {props.options.map((o) => (
        <option value={o} selected={props.value === o}>
          {label(o)}
        </option>
      ))}
    </select>
  </label>
);

export const DashboardPage = (props: { view: DashboardView }) => {
  const { view } = props;
  const groups = STATUS_ORDER.map((s) => ({ status: s, rows: view.rows.filter((r) => r.status === s) }));
  return (
    <Layout title={`promisegap · ${view.windowId ?? 'no evaluation yet'}`}>
      <header>
        <h1>Promises kept</h1>
        <span class="window">
          {view.windowId ? `week ${view.windowId}` : 'no evaluated week yet'}
          {view.evaluatedAt ? ` · evaluated ${view.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
        </span>
        <a href="/review">Review queue</a>
        <form method="post" action="/lock">
          <button type="submit">Lock</button>
        </form>
      </header>
      <main>
        {view.notice && (
          <p class="error" role="alert">
            {view.notice}
          </p>
        )}
        <ul class="summary">
          {groups.map((g) => (
            <li>
              {STATUS_TITLES[g.status]}: <strong>{g.rows.length}</strong>
            </li>
          ))}
        </ul>
        <form class="filters" method="get" action="/">
          <Select
            name="window"
            title="week"
            value={view.filters.window}
            options={view.windows}
            emptyLabel="latest"
          />
          <Select name="status" title="status" value={view.filters.status} options={STATUSES} />
          <Select name="category" title="category" value={view.filters.category} options={CATEGORIES} />
          <Select name="tier" title="tier" value={view.filters.tier} options={view.tiers} />
          <button type="submit">Filter</button>
        </form>
        {groups.map((g) =>
          g.rows.length === 0 ? null : (
            <section id={g.status}>
              <h2>
                <span class={`badge ${g.status}`}>{STATUS_TITLES[g.status]}</span> {g.rows.length}
              </h2>
              <div class="cards">
                {g.rows.map((r) => (
                  <Card row={r} />
                ))}
              </div>
            </section>
          ),
        )}
        {view.rows.length === 0 && <p class="empty">No promises match these filters.</p>}
      </main>
    </Layout>
  );
};
