// The dashboard's review pages: the queue of commitments to review (/review) and one commitment
// with its statements, review history and acknowledgement (/review/:id), with confirm, reject,
// correct and acknowledge forms. Reading needs a read key; the forms need a write key.

import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Child } from 'hono/jsx';
import {
  CATEGORIES,
  type Category,
  type Correction,
  OPERATORS,
  type Operator,
  UNITS,
  type Unit,
} from '../../core/index.ts';
import type { KeyScope } from '../../keys/index.ts';
import {
  acknowledgeGap,
  CommitmentNotFoundError,
  type CommitmentView,
  commitmentView,
  describeFigure,
  getCommitment,
  InvalidReviewError,
  listCommitments,
  RegisterBusyError,
  type ReviewAction,
  reviewCommitment,
} from '../../register/index.ts';
import type { KeyChecker } from '../auth.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { safeHref } from './page.tsx';

/** The dashboard's key cookie (set by /unlock in routes.tsx). */
const COOKIE = 'pg_key';
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";
const ID = /^[\w.:-]{1,200}$/;
const CORRECTED_QUALIFIERS = [
  'tier',
  'severity',
  'channel',
  'window',
  'scope',
  'region',
  'condition',
] as const;

const Layout = (props: { title: string; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{props.title}</title>
      <link rel="stylesheet" href="/assets/dashboard.css" />
    </head>
    <body>
      <header>
        <h1>{props.title.replace(/^promisegap · /, '')}</h1>
        <a href="/">Promises kept</a> · <a href="/review">Review queue</a>
      </header>
      <main>{props.children}</main>
    </body>
  </html>
);

const Source = (props: { url: string | null }) => {
  if (!props.url) return <span>added by hand</span>;
  const href = safeHref(props.url);
  return href ? (
    <a href={href} rel="noreferrer noopener">
      {props.url}
    </a>
  ) : (
    <span>{props.url}</span>
  );
};

const figure = (v: CommitmentView) =>
  `${v.category.replaceAll('_', ' ')}: ${v.operator === '<=' ? 'within ' : ''}${describeFigure(v)}${Object.entries(
    v.qualifiers,
  )
    .map(([k, x]) => ` · ${k} ${String(x)}`)
    .join('')}`;

const QueuePage = (props: { items: CommitmentView[]; state: string }) => (
  <Layout title="promisegap · review queue">
    <p>
      {props.items.length} {props.items.length === 1 ? 'commitment waits' : 'commitments wait'} for review
      {props.state === 'queue' ? '' : ` (${props.state})`}. <a href="/review?state=all">All commitments</a>
    </p>
    <div class="cards">
      {props.items.map((v) => (
        <article class="card" data-commitment={v.id}>
          <div class="meta">
            <span class="badge">{v.state}</span> <a href={`/review/${encodeURIComponent(v.id)}`}>{v.id}</a> ·{' '}
            {v.statements.filter((s) => !s.removedAt).length} statements
          </div>
          <p>
            <b>{figure(v)}</b>
          </p>
          <blockquote>“{v.quote}”</blockquote>
          {v.attention && (
            <p class="error" role="status">
              {v.attention}
            </p>
          )}
          <form method="post" action={`/review/${encodeURIComponent(v.id)}`}>
            <input type="hidden" name="action" value="confirm" />
            <button type="submit">Confirm</button>
          </form>
          <form method="post" action={`/review/${encodeURIComponent(v.id)}`}>
            <input type="hidden" name="action" value="reject" />
            <input name="reason" required placeholder="why it is not a promise" aria-label="reason" />
            <button type="submit">Reject</button>
          </form>
          <a href={`/review/${encodeURIComponent(v.id)}`}>Correct…</a>
        </article>
      ))}
    </div>
    {props.items.length === 0 && <p class="empty">Nothing to review.</p>}
  </Layout>
);

const Select = (props: { name: string; options: readonly string[]; empty: string }) => (
  <select name={props.name} aria-label={props.name}>
    <option value="">{props.empty}</option>
    {props.options.map((o) => (
      <option value={o}>{o}</option>
    ))}
  </select>
);

const DetailPage = (props: { v: CommitmentView; error: string | null }) => {
  const { v } = props;
  const action = `/review/${encodeURIComponent(v.id)}`;
  return (
    <Layout title={`promisegap · ${v.id}`}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <p>
        <span class="badge">{v.state}</span> <b>{figure(v)}</b> · graded on {v.gradedOn ?? v.metric}
        {v.origin === 'manual' ? ' · added by hand' : ''}
      </p>
      {v.attention && (
        <p class="error" role="status">
          {v.attention}
        </p>
      )}
      <h2>Statements</h2>
      <ul class="statements">
        {v.statements.map((s) => (
          <li>
            “{s.quote}” · <Source url={s.url} /> · seen {s.firstSeen.slice(0, 10)} to{' '}
            {s.lastSeen.slice(0, 10)}
            {s.contentHash ? ` · snapshot ${s.contentHash.slice(0, 12)}` : ''}
            {s.removedAt
              ? ` · gone ${s.removedAt.slice(0, 10)}${s.changedTo ? `, the page now says ${s.changedTo}` : ''}`
              : ''}
          </li>
        ))}
      </ul>
      <h2>Review history</h2>
      {v.reviews.length === 0 ? (
        <p class="empty">Not reviewed yet.</p>
      ) : (
        <ol class="reviews">
          {v.reviews.map((r) => (
            <li>
              {r.at.slice(0, 16).replace('T', ' ')} · {r.action} by {r.by}
              {r.reason ? `: ${r.reason}` : ''}
              {r.restsOn ? ` (on ${r.restsOn})` : ''}
            </li>
          ))}
        </ol>
      )}
      <h2>Acknowledgement</h2>
      {v.acknowledgement ? (
        <p>
          {v.acknowledgement.by}, until {v.acknowledgement.until}: {v.acknowledgement.note}
        </p>
      ) : (
        <p class="empty">None.</p>
      )}
      <h2>Review</h2>
      <form method="post" action={action}>
        <input type="hidden" name="action" value="confirm" />
        <input name="reason" placeholder="why (optional)" aria-label="reason" />
        <button type="submit">Confirm</button>
      </form>
      <form method="post" action={action}>
        <input type="hidden" name="action" value="reject" />
        <input name="reason" required placeholder="why it is not a promise" aria-label="reason" />
        <button type="submit">Reject</button>
      </form>
      <form method="post" action={action} class="filters">
        <input type="hidden" name="action" value="correct" />
        <Select name="category" options={CATEGORIES} empty="category unchanged" />
        <Select name="operator" options={OPERATORS} empty="operator unchanged" />
        <input
          name="threshold"
          inputmode="decimal"
          placeholder={`threshold (${v.threshold ?? 'none'})`}
          aria-label="threshold"
        />
        <Select name="unit" options={UNITS} empty="unit unchanged" />
        {CORRECTED_QUALIFIERS.map((q) => (
          <input
            name={q}
            placeholder={`${q}${v.qualifiers[q] ? ` (${String(v.qualifiers[q])})` : ''}`}
            aria-label={q}
          />
        ))}
        <input name="clear" placeholder="qualifiers to remove, e.g. tier" aria-label="clear" />
        <input
          name="gradedOn"
          placeholder="grade on metric, e.g. first_response_business_time"
          aria-label="gradedOn"
        />
        <input name="reason" placeholder="why" aria-label="reason" />
        <button type="submit">Correct</button>
      </form>
      <h2>Acknowledge the gap</h2>
      <form method="post" action={`${action}/ack`}>
        <input name="note" required placeholder="what is being done" aria-label="note" />
        <input name="until" required type="date" aria-label="until" />
        <button type="submit">Acknowledge</button>
      </form>
    </Layout>
  );
};

const MessagePage = (props: { title: string; message: string }) => (
  <Layout title={`promisegap · ${props.title}`}>
    <p class="error" role="alert">
      {props.message}
    </p>
  </Layout>
);

const text = (form: Record<string, unknown>, name: string): string | undefined => {
  const v = form[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/** The correction a form asks for: only the fields filled in. */
export const correctionFromForm = (form: Record<string, unknown>): Correction => {
  const qualifiers: Record<string, string | null> = {};
  for (const q of CORRECTED_QUALIFIERS) {
    const value = text(form, q);
    if (value) qualifiers[q] = value;
  }
  for (const q of (text(form, 'clear') ?? '').split(/[\s,]+/).filter(Boolean)) qualifiers[q] = null;
  const threshold = text(form, 'threshold');
  const n = threshold === undefined ? undefined : Number(threshold);
  if (threshold !== undefined && !Number.isFinite(n))
    throw new InvalidReviewError('threshold', `"${threshold}" is not a number`);
  const category = text(form, 'category');
  const operator = text(form, 'operator');
  const unit = text(form, 'unit');
  const gradedOn = text(form, 'gradedOn');
  return {
    ...(category ? { category: category as Category } : {}),
    ...(operator ? { operator: operator as Operator } : {}),
    ...(n !== undefined ? { threshold: n } : {}),
    ...(unit ? { unit: unit as Unit } : {}),
    ...(Object.keys(qualifiers).length ? { qualifiers: qualifiers as Correction['qualifiers'] } : {}),
    ...(gradedOn ? { gradedOn } : {}),
  };
};

export const reviewRoutes = (ctx: AppContext, keys: KeyChecker) => {
  const app = new Hono<AppEnv>();
  app.use('/review', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
  });
  app.use('/review/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
  });

  /** The cookie's key, checked for `scope`; a page saying what is missing otherwise. */
  const guard = async (c: Context<AppEnv>, scope: KeyScope) => {
    const cookie = getCookie(c, COOKIE);
    const check = await keys.check(cookie, scope);
    if (check.ok) return { by: check.record.label ? check.record.label : `key ${check.record.id}` };
    if (!cookie || check.reason !== 'scope') {
      return {
        denied: c.html(
          <MessagePage title="locked" message="Unlock the dashboard with a key first (at /)." />,
          401,
        ),
      };
    }
    return {
      denied: c.html(
        <MessagePage
          title="read only"
          message="Reviewing needs a write key; this dashboard was unlocked with a read key."
        />,
        403,
      ),
    };
  };

  app.get('/review', async (c) => {
    const g = await guard(c, 'read');
    if ('denied' in g) return g.denied;
    const state = c.req.query('state') === 'all' ? 'all' : 'queue';
    const found = await listCommitments(ctx.store, state === 'all' ? {} : { queue: true });
    return c.html(<QueuePage items={found.map(commitmentView)} state={state} />, 200);
  });

  const detail = async (c: Context<AppEnv>, id: string, error: string | null, status: 200 | 400 | 409) => {
    try {
      return c.html(
        <DetailPage v={commitmentView(await getCommitment(ctx.store, id))} error={error} />,
        status,
      );
    } catch (e) {
      if (e instanceof CommitmentNotFoundError)
        return c.html(<MessagePage title="not found" message={e.message} />, 404);
      throw e;
    }
  };

  app.get('/review/:id', async (c) => {
    const g = await guard(c, 'read');
    if ('denied' in g) return g.denied;
    const id = c.req.param('id');
    if (!ID.test(id))
      return c.html(<MessagePage title="not found" message={`no commitment with id ${id}`} />, 404);
    return detail(c, id, null, 200);
  });

  const write = async (
    c: Context<AppEnv>,
    work: (by: string, id: string, form: Record<string, unknown>) => Promise<unknown>,
  ) => {
    const g = await guard(c, 'write');
    if ('denied' in g) return g.denied;
    const id = c.req.param('id') ?? '';
    if (!ID.test(id))
      return c.html(<MessagePage title="not found" message={`no commitment with id ${id}`} />, 404);
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    try {
      await work(g.by, id, form);
    } catch (e) {
      if (e instanceof InvalidReviewError) return detail(c, id, `Not saved: ${e.message}`, 400);
      if (e instanceof RegisterBusyError) return detail(c, id, `Not saved: ${e.message}`, 409);
      if (e instanceof CommitmentNotFoundError)
        return c.html(<MessagePage title="not found" message={e.message} />, 404);
      throw e;
    }
    return c.redirect(`/review/${encodeURIComponent(id)}`, 303);
  };

  app.post('/review/:id', csrf(), (c) =>
    write(c, async (by, id, form) => {
      const action = text(form, 'action');
      const reason = text(form, 'reason');
      let review: ReviewAction;
      if (action === 'confirm') review = { action: 'confirm', ...(reason ? { reason } : {}) };
      else if (action === 'reject') review = { action: 'reject', reason: reason ?? '' };
      else if (action === 'correct')
        review = { action: 'correct', correction: correctionFromForm(form), ...(reason ? { reason } : {}) };
      else throw new InvalidReviewError('action', 'must be confirm, reject or correct');
      await reviewCommitment(ctx.store, id, review, by, ctx.now());
    }),
  );

  app.post('/review/:id/ack', csrf(), (c) =>
    write(c, async (by, id, form) => {
      await acknowledgeGap(
        ctx.store,
        id,
        { note: text(form, 'note') ?? '', until: text(form, 'until') ?? '', by },
        ctx.now(),
      );
    }),
  );

  return app;
};
