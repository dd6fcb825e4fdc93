// The HTML part: table layout, CSS inlined into each tag, no scripts and no images; bars and sparklines
// are table cells. Everything that came from a page or a complaint is escaped.

import type { ChangeItem, ClaimItem, DigestModel, HistoryPoint, PromiseItem } from './content.ts';
import { displayUrl, formatDate } from './format.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Only http(s) links survive; anything else (javascript:, data:) is shown as text. */
const safeHref = (url: string): string | null => {
  if (typeof url !== 'string' || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
};

const pageLink = (url: string): string => {
  const href = safeHref(url);
  const label = escapeHtml(displayUrl(url));
  return href
    ? `<a class="link" href="${escapeHtml(href)}">${label}</a>`
    : `<span class="link">${label}</span>`;
};

const COLORS = {
  breached: '#b42318',
  at_risk: '#b54708',
  perception: '#6941c6',
  no_data: '#475467',
  kept: '#067647',
  track: '#eaecf0',
  ink: '#101828',
};

const FONT = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #101828;";

/** Styles per element, inlined into every tag of that name. */
const TAG_STYLES: Record<string, string> = {
  body: 'margin: 0; padding: 0; background: #f2f4f7;',
  td: FONT,
  a: FONT,
  span: FONT,
  p: `${FONT} margin: 0 0 8px 0; font-size: 14px; line-height: 20px;`,
  h1: `${FONT} margin: 0 0 4px 0; font-size: 22px; line-height: 28px;`,
  h2: `${FONT} margin: 0 0 10px 0; font-size: 17px; line-height: 22px;`,
};

/** Styles per class, inlined in this order (later wins, as in a stylesheet). */
const CLASS_STYLES: Record<string, string> = {
  outer: 'background: #f2f4f7;',
  container: 'width: 100%; max-width: 600px; background: #ffffff;',
  pad: 'padding: 20px 24px;',
  wrap: 'word-break: break-word; overflow-wrap: anywhere;',
  muted: 'color: #475467; font-size: 13px; line-height: 18px;',
  eyebrow:
    'color: #475467; font-size: 12px; line-height: 16px; text-transform: uppercase; letter-spacing: 0.04em;',
  link: 'color: #175cd3; font-size: 13px; word-break: break-all;',
  quote: 'font-style: italic; border-left: 3px solid #d0d5dd; padding: 2px 0 2px 10px;',
  card: 'border: 1px solid #eaecf0; border-left-width: 4px; border-left-style: solid; margin: 0 0 14px 0;',
  'card-body': 'padding: 12px 14px;',
  count: 'text-align: center; padding: 8px 2px;',
  'count-num': 'font-size: 22px; line-height: 26px; font-weight: bold;',
  'count-label': 'font-size: 11px; line-height: 14px; color: #475467;',
  fix: 'background: #f0f9ff; border: 1px solid #b9e6fe; margin-top: 8px;',
  'fix-body': 'padding: 10px 12px;',
  badge: 'font-size: 11px; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em;',
  complaint: 'font-size: 13px; line-height: 18px; color: #344054; font-style: italic; margin: 0 0 6px 0;',
  section: 'border-top: 1px solid #eaecf0;',
  foot: 'font-size: 12px; line-height: 17px; color: #475467; vertical-align: top; padding: 2px 8px 2px 0;',
};

/** Only what cannot be inlined stays in a style block: narrower padding and type on phones. */
const PHONE_CSS = `@media only screen and (max-width: 480px) {
  .pad { padding: 14px 12px !important; }
  h1 { font-size: 19px !important; line-height: 24px !important; }
  .count-num { font-size: 18px !important; }
  .card-body { padding: 10px !important; }
}`;

/**
 * Inlines the tables above into each tag, before any style the tag carries itself. Safe as a regular
 * expression because every value put into this markup went through escapeHtml: the only "<" and
 * quotes left are the ones written here. (juice did this too, but bundled 1.5 MB into the Lambda.)
 */
const inlineStyles = (html: string): string =>
  html.replace(/<([a-z][a-z0-9]*)(\s[^<>]*)?>/g, (tag, name: string, attrs = '') => {
    const classes = new Set((/\sclass="([^"]*)"/.exec(attrs)?.[1] ?? '').split(/\s+/).filter(Boolean));
    const own = /\sstyle="([^"]*)"/.exec(attrs)?.[1];
    const parts = [
      TAG_STYLES[name],
      ...Object.keys(CLASS_STYLES)
        .filter((c) => classes.has(c))
        .map((c) => CLASS_STYLES[c]),
      own,
    ].filter((p): p is string => typeof p === 'string' && p !== '');
    if (parts.length === 0) return tag;
    return `<${name}${attrs.replace(/\sstyle="[^"]*"/, '')} style="${parts.join(' ')}">`;
  });

const presentation = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

const quoteBlock = (quote: string): string => `<p class="quote wrap">“${escapeHtml(quote)}”</p>`;

const bar = (attainment: number, target: number | null, caption: string, color: string): string => {
  const a = Math.min(100, Math.max(0, Math.round(attainment)));
  const cell = (width: number, background: string) =>
    `<td width="${width}%" bgcolor="${background}" style="width:${width}%;height:10px;background:${background};font-size:0;line-height:0;">&nbsp;</td>`;
  const cells = [a > 0 ? cell(a, color) : '', a < 100 ? cell(100 - a, COLORS.track) : ''].join('');
  const t = target === null ? null : Math.min(100, Math.max(1, Math.round(target)));
  const marker =
    t === null
      ? ''
      : `<table ${presentation} width="100%"><tr><td width="${t}%" style="width:${t}%;height:6px;border-right:2px solid ${COLORS.ink};font-size:0;line-height:0;">&nbsp;</td>${t < 100 ? `<td width="${100 - t}%" style="font-size:0;line-height:0;">&nbsp;</td>` : ''}</tr></table>`;
  return `<table ${presentation} width="100%"><tr>${cells}</tr></table>${marker}<p class="muted">${escapeHtml(caption)}</p>`;
};

/** A sparkline of weekly attainment from table cells: one column a week, taller is better. */
const sparkline = (points: HistoryPoint[], target: number | null, caption: string | null): string => {
  if (points.length < 2 || caption === null) return '';
  const HEIGHT = 24;
  const values = points.map((p) => p.attainment).filter((v): v is number => v !== null);
  const floor = Math.max(0, Math.floor((Math.min(...values, target ?? 100) - 5) / 10) * 10);
  const columns = points
    .map((p) => {
      const h =
        p.attainment === null
          ? 2
          : Math.max(2, Math.round(2 + ((p.attainment - floor) / Math.max(1, 100 - floor)) * (HEIGHT - 2)));
      const color =
        p.attainment === null
          ? '#d0d5dd'
          : p.status === 'breached'
            ? COLORS.breached
            : p.status === 'at_risk'
              ? COLORS.at_risk
              : COLORS.kept;
      const spacer =
        HEIGHT - h > 0
          ? `<tr><td height="${HEIGHT - h}" style="height:${HEIGHT - h}px;font-size:0;line-height:0;">&nbsp;</td></tr>`
          : '';
      return `<td valign="bottom" style="vertical-align:bottom;padding-right:3px;"><table ${presentation} width="12">${spacer}<tr><td height="${h}" bgcolor="${color}" style="height:${h}px;width:12px;background:${color};font-size:0;line-height:0;">&nbsp;</td></tr></table></td>`;
    })
    .join('');
  return `<table ${presentation}><tr>${columns}</tr></table><p class="muted">${escapeHtml(caption)}</p>`;
};

const complaintsBlock = (item: PromiseItem): string => {
  if (!item.complaints) return '';
  const quotes = item.quotes
    .map(
      (q) =>
        `<p class="complaint wrap">“${escapeHtml(q.quote)}” <span class="muted">(${escapeHtml(formatDate(q.at))})</span></p>`,
    )
    .join('');
  return `<p class="muted"><b>Customers:</b> ${escapeHtml(item.complaints)}</p>${quotes}`;
};

const rewordingBlock = (item: PromiseItem): string => {
  const r = item.rewording;
  if (!r) return '';
  const parts: string[] = [
    '<p class="badge" style="color:#026aa2;">Truthful wording, if the service cannot be fixed</p>',
  ];
  if (r.statement) {
    parts.push(`<p class="wrap"><b>“${escapeHtml(r.statement)}”</b></p>`);
    parts.push(`<p class="muted">From the measured ${escapeHtml(r.basis)}, rounded up.</p>`);
  }
  if (r.alternative) parts.push(`<p class="wrap">Or keep the figure: “${escapeHtml(r.alternative)}”</p>`);
  if (!r.statement && !r.alternative) {
    parts.push(`<p class="muted">None can be drawn from this window's figures (${escapeHtml(r.basis)}).</p>`);
  }
  return `<table ${presentation} width="100%" class="fix"><tr><td class="fix-body">${parts.join('')}</td></tr></table>`;
};

const promiseCard = (item: PromiseItem, rank: number | null, color: string): string => {
  const lines: string[] = [];
  lines.push(
    `<p class="muted wrap">${rank === null ? '' : `<b>#${rank}</b> · `}${pageLink(item.sourceUrl)} <span class="muted">(seen ${escapeHtml(formatDate(item.seenAt))})</span></p>`,
  );
  if (item.alsoOn.length > 0) {
    lines.push(`<p class="muted wrap">Also stated on: ${item.alsoOn.map(pageLink).join(', ')}</p>`);
  }
  lines.push(quoteBlock(item.quote));
  lines.push(`<p class="wrap">${escapeHtml(item.sentence)}</p>`);
  if (item.attainment !== null && item.shareLine && item.status !== 'no_data') {
    lines.push(bar(item.attainment, item.target, item.shareLine, color));
  }
  if (item.status !== 'no_data') {
    lines.push(
      `<p class="muted"><b>Trend:</b> ${escapeHtml(item.trend)}${item.streak ? ` · ${escapeHtml(item.streak)}` : ''}</p>`,
    );
    lines.push(sparkline(item.history, item.target, item.historyLine));
  }
  if (item.budget) lines.push(`<p class="muted"><b>Error budget:</b> ${escapeHtml(item.budget)}</p>`);
  if (item.note) lines.push(`<p class="muted">${escapeHtml(item.note)}</p>`);
  lines.push(complaintsBlock(item));
  lines.push(rewordingBlock(item));
  return `<table ${presentation} width="100%" class="card" style="border-left-color:${color};"><tr><td class="card-body">${lines.join('')}</td></tr></table>`;
};

const section = (title: string, intro: string, body: string): string =>
  `<tr><td class="pad section"><h2>${escapeHtml(title)}</h2>${intro ? `<p class="muted">${escapeHtml(intro)}</p>` : ''}${body}</td></tr>`;

const NONE = '<p class="muted">None this week.</p>';

const promiseSection = (
  title: string,
  intro: string,
  items: PromiseItem[],
  color: string,
  ranked: boolean,
  after = '',
) =>
  section(
    title,
    intro,
    items.length
      ? items.map((item, i) => promiseCard(item, ranked ? i + 1 : null, color)).join('') + after
      : NONE,
  );

const CHANGE_LABELS: Record<ChangeItem['kind'], { label: string; color: string }> = {
  added: { label: 'Added', color: COLORS.kept },
  changed: { label: 'Changed', color: COLORS.at_risk },
  removed: { label: 'Removed', color: COLORS.breached },
};

const changeRow = (c: ChangeItem): string => {
  const { label, color } = CHANGE_LABELS[c.kind];
  const body =
    c.kind === 'changed'
      ? `<p class="wrap"><b>${escapeHtml(c.detail)}</b></p><p class="quote wrap">was “${escapeHtml(c.beforeQuote ?? '')}”</p>${quoteBlock(c.quote)}`
      : `${quoteBlock(c.quote)}<p class="muted">${escapeHtml(c.detail)}</p>`;
  return `<table ${presentation} width="100%" class="card" style="border-left-color:${color};"><tr><td class="card-body"><p class="badge" style="color:${color};">${label}</p>${body}<p class="wrap">${pageLink(c.sourceUrl)}</p></td></tr></table>`;
};

const claimRow = (c: ClaimItem): string =>
  `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS.no_data};"><tr><td class="card-body">${quoteBlock(c.quote)}<p class="muted wrap">${escapeHtml(c.reason)}</p><p class="wrap">${[c.sourceUrl, ...c.alsoOn].map(pageLink).join(', ')}</p></td></tr></table>`;

const more = (n: number, what: string): string =>
  n > 0 ? `<p class="muted">…and ${n} more ${escapeHtml(what)} (see the dashboard).</p>` : '';

const countsBand = (m: DigestModel): string => {
  const cells: [string, number, string][] = [
    ['Broken', m.counts.broken, COLORS.breached],
    ['At risk', m.counts.atRisk, COLORS.at_risk],
    ['Perception gaps', m.counts.perceptionGaps, COLORS.perception],
    ['Not measured', m.counts.noData, COLORS.no_data],
    ['Kept', m.counts.kept, COLORS.kept],
  ];
  return `<table ${presentation} width="100%"><tr>${cells
    .map(
      ([label, n, color]) =>
        `<td class="count" width="20%"><span class="count-num" style="color:${color};">${n}</span><br><span class="count-label">${label}</span></td>`,
    )
    .join('')}</tr></table>`;
};

/** The register's sections, only when there is something to say: acknowledged gaps, contradictions, the queue. */
const registerSections = (m: DigestModel): string[] => {
  const out: string[] = [];
  if (m.acknowledged.length > 0) {
    out.push(
      section(
        'Acknowledged',
        'Broken or at risk, and owned: listed with the note until its date passes or the gap closes.',
        m.acknowledged
          .map(
            (a) =>
              `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS.no_data};"><tr><td class="card-body"><p class="muted wrap">${pageLink(a.sourceUrl)}</p>${quoteBlock(a.quote)}<p class="wrap">${escapeHtml(a.sentence)}</p><p class="wrap"><b>Acknowledged by ${escapeHtml(a.acknowledgement.by)} until ${escapeHtml(a.acknowledgement.until)}:</b> ${escapeHtml(a.acknowledgement.note)}</p></td></tr></table>`,
          )
          .join(''),
      ),
    );
  }
  if (m.contradictions.length > 0) {
    out.push(
      section(
        'Pages that contradict each other',
        'Customers read both: say one thing.',
        m.contradictions
          .map(
            (c) =>
              `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS.at_risk};"><tr><td class="card-body"><p class="wrap"><b>${escapeHtml(c.sentence)}</b></p>${c.quotes.map((q) => `${quoteBlock(q.quote)}<p class="muted wrap">${pageLink(q.url)}</p>`).join('')}</td></tr></table>`,
          )
          .join(''),
      ),
    );
  }
  if (m.reviewQueue !== null && m.reviewQueue > 0) {
    out.push(
      section(
        'Waiting for review',
        '',
        `<p>${m.reviewQueue} ${m.reviewQueue === 1 ? 'commitment is' : 'commitments are'} not graded until someone confirms or corrects ${m.reviewQueue === 1 ? 'it' : 'them'} (the dashboard's review queue, or promisegap promises list --queue).</p>`,
      ),
    );
  }
  return out;
};

export const renderHtml = (m: DigestModel): string => {
  const rows = [
    `<tr><td class="pad"><p class="eyebrow wrap">${escapeHtml(m.company)} · ${escapeHtml(m.windowLabel)} · ${escapeHtml(m.windowDates)}</p><h1 class="wrap">${escapeHtml(m.headline)}</h1><p class="muted">Promises made in public, checked against what was delivered and what customers said.</p>${countsBand(m)}</td></tr>`,
    promiseSection(
      'Broken promises',
      'Ranked by how far delivery fell short of the promise. Fix the service, or fix the words.',
      m.broken,
      COLORS.breached,
      true,
    ),
    promiseSection(
      'At risk',
      'Kept this week, but most of the error budget is spent or the trend points to a breach.',
      m.atRisk,
      COLORS.at_risk,
      false,
    ),
    m.closed.length
      ? section(
          'Periods that closed this week',
          'Promises stated per month, quarter or year, graded on the whole period that just ended.',
          m.closed
            .map(
              (c) =>
                `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS[c.status]};"><tr><td class="card-body"><p class="wrap"><b>${escapeHtml(c.line)}</b></p>${quoteBlock(c.quote)}<p class="wrap">${pageLink(c.sourceUrl)}</p></td></tr></table>`,
            )
            .join(''),
        )
      : '',
    promiseSection(
      'Perception gaps',
      'The figures say kept; customers say otherwise.',
      m.perceptionGaps,
      COLORS.perception,
      false,
    ),
    ...registerSections(m),
    promiseSection(
      'No metric behind it',
      'Promises nobody can check this week: no metric backs them, or too few were measured.',
      m.unmeasured.items,
      COLORS.no_data,
      false,
      more(m.unmeasured.more, 'unmeasured promises'),
    ),
    section(
      'Unmeasurable claims on the site',
      'Claims no number can check: a communication risk.',
      m.claims.items.length ? m.claims.items.map(claimRow).join('') + more(m.claims.more, 'claims') : NONE,
    ),
    section(
      'What changed on the site',
      'Promises added, changed or removed during the window.',
      m.changes.items.length
        ? m.changes.items.map(changeRow).join('') + more(m.changes.more, 'changes')
        : NONE,
    ),
    `<tr><td class="pad section"><h2>How these figures were counted</h2><table ${presentation} width="100%" class="footer">${m.footer
      .map(
        (f) =>
          `<tr><td width="34%" class="foot"><b>${escapeHtml(f.label)}</b></td><td class="foot wrap">${escapeHtml(f.value)}</td></tr>`,
      )
      .join('')}</table></td></tr>`,
  ];
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(m.subject)}</title>
<style>
${PHONE_CSS}
</style>
</head>
<body>
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(m.headline)}</div>
<table ${presentation} width="100%" class="outer"><tr><td align="center" style="padding:12px 0;">
<table ${presentation} width="600" class="container">
${rows.join('\n')}
</table>
</td></tr></table>
</body>
</html>`;
  return inlineStyles(html);
};
