// A promise's own page: what it says and where, the verdict's evidence, 13 weeks of history, every
// statement graded on the same figures, its versions and the complaints linked to it. The page is a
// list of sections; a feature adds its own (review actions, the commitment register) by adding a
// `DetailSection` to the list the route passes in, without touching the others.

import type { Child } from 'hono/jsx';
import type { PromiseVersion, Verdict } from '../../core/index.ts';
import { formatDate, formatShare, type VerdictFacts } from '../../digest/index.ts';
import { describeVersions } from '../versions.ts';
import { Layout, label, STATUS_TITLES, safeHref, TopBar } from './page.tsx';
import { Sparkline, type SparkPoint } from './sparkline.tsx';

export interface HistoryRow {
  windowId: string;
  verdict: Verdict | undefined;
}

export interface DetailView {
  promiseId: string;
  windowId: string;
  windowLabel: string;
  evaluatedAt: string | null;
  /** The window's verdict; undefined when the promise was not evaluated in it. */
  verdict: Verdict | undefined;
  quote: string;
  sourceUrl: string;
  seenAt: string | null;
  facts: VerdictFacts | null;
  trend: string | null;
  /** Oldest first: the 13 weeks ending with the window. */
  history: HistoryRow[];
  spark: SparkPoint[];
  extraDigits: number;
  /** The commitment's other statements in the register (other pages, other words). */
  statements: { quote: string; sourceUrl: string; seenAt: string | null }[];
  /** Other commitments graded on the very same figures this window, each with its own page. */
  sameFigures: { promiseId: string; quote: string; sourceUrl: string }[];
  versions: PromiseVersion[];
}

export interface DetailSection {
  id: string;
  title: string;
  /** Null leaves the section out (nothing to show), so no empty heading is ever rendered. */
  render: (view: DetailView) => Child | null;
}

const Link = (props: { url: string }) => {
  const href = safeHref(props.url);
  return href ? (
    <a href={href} rel="noopener noreferrer nofollow">
      {props.url}
    </a>
  ) : (
    <span>{props.url}</span>
  );
};

const evidence: DetailSection = {
  id: 'evidence',
  title: 'Verdict and evidence',
  render: (view) => {
    const v = view.verdict;
    if (!v) return <p class="empty">Not evaluated in {view.windowLabel}.</p>;
    const f = view.facts;
    const d = v.delivery;
    return (
      <>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <span class={`badge ${v.status}`}>{STATUS_TITLES[v.status]}</span>
            {v.complaints?.perceptionGap && <span class="badge gap">perception gap</span>}
          </dd>
          <dt>Promised</dt>
          <dd>{f?.promised}</dd>
          {f?.delivered && (
            <>
              <dt>Measured</dt>
              <dd>{f.delivered}</dd>
            </>
          )}
          {f?.uptime?.worstDay ? (
            <>
              <dt>Worst day</dt>
              <dd>{f.uptime.worstDay}</dd>
            </>
          ) : (
            f?.spread && (
              <>
                <dt>Spread</dt>
                <dd>{f.spread}</dd>
              </>
            )
          )}
          {f?.measuredNote && (
            <>
              <dt>What was measured</dt>
              <dd>{f.measuredNote}</dd>
            </>
          )}
          {f?.budget && (
            <>
              <dt>Budget</dt>
              <dd>{f.budget}</dd>
            </>
          )}
          {view.trend && (
            <>
              <dt>Trend</dt>
              <dd>{view.trend}</dd>
            </>
          )}
          <dt>Why</dt>
          <dd>{v.reason}</dd>
          {d && (
            <>
              <dt>Series</dt>
              <dd>{d.series.join(', ')}</dd>
            </>
          )}
          <dt>Evaluated</dt>
          <dd>{v.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC</dd>
        </dl>
        {d && d.worst.length > 0 && (
          <div class="scroll">
            <table class="grid">
              <caption class="skip">The worst cases measured</caption>
              <thead>
                <tr>
                  <th scope="col">Worst cases</th>
                  <th scope="col" class="num">
                    Value
                  </th>
                  <th scope="col">Reference</th>
                </tr>
              </thead>
              <tbody>
                {d.worst.map((w) => (
                  <tr>
                    <td>{formatDate(w.at)}</td>
                    <td class="num">
                      {w.value}
                      {d.unit ? ` ${label(d.unit)}` : ''}
                    </td>
                    <td>{w.ref ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    );
  },
};

const history: DetailSection = {
  id: 'history',
  title: '13-week history',
  render: (view) => (
    <>
      <Sparkline
        points={view.spark}
        target={view.facts ? (view.verdict?.delivery?.target ?? null) : null}
        extraDigits={view.extraDigits}
      />
      <div class="scroll">
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Attainment
              </th>
              <th scope="col" class="num">
                Samples
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => {
              const d = h.verdict?.delivery;
              return (
                <tr>
                  <td class="nowrap">{h.windowId}</td>
                  <td class="nowrap">
                    {h.verdict ? (
                      <span class={`badge ${h.verdict.status}`}>{STATUS_TITLES[h.verdict.status]}</span>
                    ) : (
                      <span class="muted">not evaluated</span>
                    )}
                  </td>
                  <td class="num">
                    {d && d.samples > 0 ? formatShare(d.attainment, d.target, view.extraDigits) : '–'}
                  </td>
                  <td class="num">{d ? d.samples : '–'}</td>
                  <td>{h.verdict?.reason ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  ),
};

const statements: DetailSection = {
  id: 'statements',
  title: 'Statements',
  render: (view) => (
    <>
      <p class="muted">Where the promise is stated.</p>
      <ul class="quotes">
        <li>
          “{view.quote}” — <Link url={view.sourceUrl} />
          {view.seenAt ? ` (seen ${formatDate(view.seenAt)})` : ''}
        </li>
        {view.statements.map((s) => (
          <li>
            “{s.quote}” — <Link url={s.sourceUrl} />
            {s.seenAt ? ` (seen ${formatDate(s.seenAt)})` : ''}
          </li>
        ))}
      </ul>
      {view.sameFigures.length > 0 ? (
        <>
          <p class="muted">Other promises graded on the same figures this week:</p>
          <ul class="quotes">
            {view.sameFigures.map((s) => (
              <li>
                “{s.quote}” — <Link url={s.sourceUrl} /> ·{' '}
                <a
                  href={`/promises/${encodeURIComponent(s.promiseId)}?window=${encodeURIComponent(view.windowId)}`}
                >
                  its page
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  ),
};

const versions: DetailSection = {
  id: 'versions',
  title: 'Versions',
  render: (view) => {
    if (view.versions.length === 0) return <p class="muted">One version, as first seen.</p>;
    return (
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">In force from</th>
            <th scope="col">Wording</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {describeVersions(view.versions).map((v) => (
            <tr>
              <td>{v.version}</td>
              <td>{formatDate(v.validFrom)}</td>
              <td>“{v.quote}”</td>
              <td>
                {v.changes.length === 0
                  ? 'first version'
                  : v.changes.map((c) => `${c.field}: ${String(c.before)} → ${String(c.after)}`).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
};

const complaints: DetailSection = {
  id: 'complaints',
  title: 'Linked complaints',
  render: (view) => {
    const c = view.verdict?.complaints;
    if (!c || c.matched === 0)
      return <p class="muted">No complaints matched this promise in {view.windowLabel}.</p>;
    return (
      <>
        <p>
          {c.allegingBreach} of {c.matched} matching complaints allege a breach
          {c.perceptionGap ? ': the figures say kept, customers say otherwise (a perception gap).' : '.'}
        </p>
        <ul class="quotes">
          {c.quotes.map((q) => (
            <li>
              “{q.quote}” <span class="muted">({formatDate(q.at)})</span>
            </li>
          ))}
        </ul>
      </>
    );
  },
};

const surveys: DetailSection = {
  id: 'surveys',
  title: 'Surveys',
  render: (view) => {
    const s = view.verdict?.surveys;
    // Nothing to show without surveys: most promises (shipping, uptime) are never surveyed.
    if (!s) return null;
    return (
      <p>
        {s.summary}
        {s.belowFloor ? ': the figures say kept, the surveys say otherwise.' : '.'}
      </p>
    );
  },
};

/** The sections every detail page has, in order; append a feature's own to this list. */
export const DEFAULT_DETAIL_SECTIONS: readonly DetailSection[] = [
  evidence,
  history,
  statements,
  versions,
  complaints,
  surveys,
];

export const DetailPage = (props: { view: DetailView; sections: readonly DetailSection[] }) => {
  const { view } = props;
  const status = view.verdict?.status;
  const rendered = props.sections
    .map((s) => ({ s, body: s.render(view) }))
    .filter((x): x is { s: DetailSection; body: Child } => x.body !== null);
  return (
    <Layout title={`promisegap · ${view.quote.slice(0, 60)}`}>
      <TopBar windowLabel={view.windowLabel} evaluatedAt={view.evaluatedAt} />
      <main id="main" class="detail" data-promise={view.promiseId}>
        <p class="crumbs">
          <a href={`/?window=${encodeURIComponent(view.windowId)}`}>← All promises, {view.windowLabel}</a>
        </p>
        <div class="detail-head">
          <h1>
            {status ? <span class={`badge ${status}`}>{STATUS_TITLES[status]}</span> : null}{' '}
            {view.facts?.promised ?? 'Promise'}
          </h1>
          <blockquote>{view.quote}</blockquote>
          <p class="muted">
            <Link url={view.sourceUrl} />
          </p>
        </div>
        <nav aria-label="Sections of this page">
          {rendered.map(({ s }, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a href={`#${s.id}`}>{s.title}</a>
            </>
          ))}
        </nav>
        {rendered.map(({ s, body }) => (
          <section id={s.id} aria-labelledby={`${s.id}-title`}>
            <h2 id={`${s.id}-title`}>{s.title}</h2>
            {body}
          </section>
        ))}
      </main>
    </Layout>
  );
};
