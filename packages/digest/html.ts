// The HTML part: a small table layout whose few styles are inlined into each tag, no scripts and no
// images. It says what matters and links each item to the dashboard for the detail, so it stays well
// under Gmail's ~102 KB clipping limit. Everything that came from a page or a complaint is escaped.

import type { ChangeItem, ClaimItem, DigestModel, HistoryPoint, PromiseItem } from './content.ts';
import { displayUrl, formatDate, truncate } from './format.ts';
import { signalsHtml } from './signals.ts';

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
    ? `<a class="wrap" href="${escapeHtml(href)}">${label}</a>`
    : `<span class="wrap">${label}</span>`;
};

const COLORS = {
  breached: '#b42318',
  at_risk: '#b54708',
  perception: '#6941c6',
  no_data: '#475467',
  complaints: '#c4320a',
  kept: '#067647',
  ink: '#101828',
};

const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#101828;';

/** Styles per element, inlined into every tag of that name (font on text blocks: Outlook does not inherit). */
const TAG_STYLES: Record<string, string> = {
  body: 'margin:0;padding:0;background:#f2f4f7;',
  td: FONT,
  p: `${FONT}margin:0 0 6px;font-size:14px;line-height:20px;`,
  h1: `${FONT}margin:0 0 4px;font-size:22px;line-height:28px;`,
  h2: `${FONT}margin:0 0 8px;font-size:17px;line-height:22px;`,
  a: 'color:#175cd3;',
};

/** Styles per class, inlined in this order (later wins, as in a stylesheet). */
const CLASS_STYLES: Record<string, string> = {
  pad: 'padding:18px 22px;',
  wrap: 'word-break:break-word;overflow-wrap:anywhere;',
  m: 'color:#475467;font-size:13px;line-height:18px;',
  q: 'font-style:italic;border-left:3px solid #d0d5dd;padding-left:10px;',
  card: 'border:1px solid #eaecf0;border-left:4px solid #98a2b3;margin:0 0 12px;',
  cb: 'padding:10px 12px;',
  n: 'font-size:22px;line-height:26px;font-weight:bold;',
  fix: 'background:#f0f9ff;border:1px solid #b9e6fe;padding:8px 10px;',
  sec: 'border-top:1px solid #eaecf0;',
  spark: 'font-family:Menlo,Consolas,monospace;letter-spacing:1px;',
};

/** Only what cannot be inlined stays in a style block: narrower padding and type on phones. */
const PHONE_CSS = `@media only screen and (max-width:480px){.pad{padding:14px 12px!important}h1{font-size:19px!important;line-height:24px!important}.n{font-size:18px!important}}`;

/**
 * Inlines the tables above into each tag, before any style the tag carries itself. Safe as a regular
 * expression because every value put into this markup went through escapeHtml: the only "<" and quotes
 * left are the ones written here. (juice does the same for any CSS, but adds ~1.5 MB to the API and
 * digest Lambdas that build this email; our markup uses a handful of classes.)
 */
const inlineStyles = (html: string): string =>
  html.replace(/<([a-z][a-z0-9]*)(\s[^<>]*)?>/g, (_tag, name: string, attrs = '') => {
    const classes = new Set((/\sclass="([^"]*)"/.exec(attrs)?.[1] ?? '').split(/\s+/).filter(Boolean));
    const own = /\sstyle="([^"]*)"/.exec(attrs)?.[1];
    const parts = [
      TAG_STYLES[name],
      ...Object.keys(CLASS_STYLES)
        .filter((c) => classes.has(c))
        .map((c) => CLASS_STYLES[c]),
      own,
    ].filter((p): p is string => typeof p === 'string' && p !== '');
    // Classes only carry styles here: inlined, they would be dead weight in every tag.
    const rest = attrs
      .replace(/\sstyle="[^"]*"/, '')
      .replace(/\sclass="([^"]*)"/, (_m: string, c: string) =>
        c.split(/\s+/).some((k) => k === 'pad' || k === 'n') ? ` class="${k(c)}"` : '',
      );
    if (parts.length === 0) return `<${name}${rest}>`;
    return `<${name}${rest} style="${parts.join('')}">`;
  });

/** The classes the phone media query still needs. */
const k = (classes: string): string =>
  classes
    .split(/\s+/)
    .filter((c) => c === 'pad' || c === 'n')
    .join(' ');

const presentation = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

const quoteBlock = (quote: string): string => `<p class="q wrap">“${escapeHtml(quote)}”</p>`;

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A text sparkline of weekly attainment (taller is better), its figures in the caption beside it. */
const sparkline = (points: HistoryPoint[], target: number | null, color: string): string => {
  const values = points.map((p) => p.attainment).filter((v): v is number => v !== null);
  if (points.length < 2 || values.length === 0) return '';
  const low = Math.min(...values, target ?? 100);
  const floor = Math.max(0, low - Math.max(0.5, (100 - low) * 0.1));
  const span = Math.max(1e-6, 100 - floor);
  const bars = points
    .map((p) =>
      p.attainment === null
        ? '·'
        : (BLOCKS[Math.min(7, Math.max(0, Math.round(((p.attainment - floor) / span) * 7)))] ?? '▁'),
    )
    .join('');
  return `<span class="spark" style="color:${color};" aria-hidden="true">${bars}</span>`;
};

const link = (href: string | null, label: string): string => {
  const safe = href ? safeHref(href) : null;
  return safe ? `<a href="${escapeHtml(safe)}">${escapeHtml(label)}</a>` : '';
};

const complaintsBlock = (item: PromiseItem): string => {
  if (!item.complaints) return '';
  const quotes = item.quotes
    .map((q) => `<br>“${escapeHtml(q.quote)}” (${escapeHtml(formatDate(q.at))})`)
    .join('');
  return `<p class="m wrap"><b>Customers:</b> ${escapeHtml(item.complaints)}${quotes}</p>`;
};

const rewordingBlock = (item: PromiseItem): string => {
  const r = item.rewording;
  if (!r) return '';
  const parts: string[] = [];
  if (r.statement) {
    parts.push(
      `<b>Truthful wording:</b> “${escapeHtml(r.statement)}” <span class="m">(${escapeHtml(r.basis)})</span>`,
    );
  }
  if (r.alternative) parts.push(`Or keep the figure: “${escapeHtml(r.alternative)}”`);
  if (!r.statement && !r.alternative)
    parts.push(`<span class="m">No truthful wording: ${escapeHtml(r.basis)}.</span>`);
  return `<p class="fix wrap">${parts.join('<br>')}</p>`;
};

const promiseCard = (item: PromiseItem, rank: number | null, color: string): string => {
  const lines: string[] = [];
  lines.push(
    `<p class="m wrap">${rank === null ? '' : `<b>#${rank}</b> · `}${pageLink(item.sourceUrl)}${item.alsoOn.length > 0 ? ` · Also stated on: ${item.alsoOn.map(pageLink).join(', ')}` : ''}</p>`,
  );
  lines.push(quoteBlock(item.quote));
  for (const other of item.statedAs) {
    lines.push(
      `<p class="m wrap">Also stated as: “${escapeHtml(other.quote)}” (${pageLink(other.sourceUrl)})</p>`,
    );
  }
  lines.push(`<p class="wrap"><b>Promised</b> ${escapeHtml(item.promised)}</p>`);
  if (item.delivered) {
    lines.push(
      `<p class="wrap"><b>Measured</b> ${escapeHtml(item.delivered)}${item.spread ? `<span class="m">; ${escapeHtml(item.spread)}</span>` : ''}</p>`,
    );
  }
  if (item.measuredNote) lines.push(`<p class="m wrap">${escapeHtml(item.measuredNote)}</p>`);
  if (item.budget) lines.push(`<p class="m wrap"><b>Budget:</b> ${escapeHtml(item.budget)}</p>`);
  if (item.status !== 'no_data' && item.attainment !== null) {
    lines.push(
      `<p class="m wrap"><b>Trend:</b> ${escapeHtml(item.trend)}${item.streak ? ` · ${escapeHtml(item.streak)}` : ''}${item.historyLine ? `<br>${sparkline(item.history, item.target, color)} ${escapeHtml(item.historyLine)}` : ''}</p>`,
    );
  }
  if (item.note) lines.push(`<p class="m wrap">${escapeHtml(item.note)}</p>`);
  lines.push(complaintsBlock(item));
  if (item.surveys) lines.push(`<p class="m wrap"><b>Surveys:</b> ${escapeHtml(item.surveys)}</p>`);
  lines.push(rewordingBlock(item));
  const details = link(item.detailUrl, 'History, evidence and every statement →');
  if (details) lines.push(`<p class="m">${details}</p>`);
  return `<table ${presentation} width="100%" class="card" style="border-left-color:${color};"><tr><td class="cb">${lines.join('')}</td></tr></table>`;
};

/** One line for an unmeasured promise nobody complains about: the quote, the figure, the link. */
const unmeasuredLine = (item: PromiseItem): string => {
  const details = link(item.detailUrl, 'details');
  return `<p class="m wrap">“${escapeHtml(truncate(item.quote, 120))}” · ${escapeHtml(item.promised)}${details ? ` · ${details}` : ''}</p>`;
};

const section = (title: string, intro: string, body: string): string =>
  `<tr><td class="pad sec"><h2>${escapeHtml(title)}</h2>${intro ? `<p class="m">${escapeHtml(intro)}</p>` : ''}${body}</td></tr>`;

const NONE = '<p class="m">None this week.</p>';

const cards = (items: PromiseItem[], color: string, ranked: boolean): string =>
  items.map((item, i) => promiseCard(item, ranked ? i + 1 : null, color)).join('');

const CHANGE_LABELS: Record<ChangeItem['kind'], { label: string; color: string }> = {
  added: { label: 'Added', color: COLORS.kept },
  changed: { label: 'Changed', color: COLORS.at_risk },
  removed: { label: 'Removed', color: COLORS.breached },
};

const changeRow = (c: ChangeItem): string => {
  const { label, color } = CHANGE_LABELS[c.kind];
  const body =
    c.kind === 'changed'
      ? `<p class="wrap"><b>${escapeHtml(c.detail)}</b></p><p class="q wrap">was “${escapeHtml(c.beforeQuote ?? '')}”</p>${quoteBlock(c.quote)}`
      : `${quoteBlock(c.quote)}<p class="m">${escapeHtml(c.detail)}</p>`;
  return `<table ${presentation} width="100%" class="card" style="border-left-color:${color};"><tr><td class="cb"><p class="m" style="color:${color};"><b>${label}</b> · ${pageLink(c.sourceUrl)}</p>${body}</td></tr></table>`;
};

const claimRow = (c: ClaimItem): string =>
  `<p class="m wrap">“${escapeHtml(c.quote)}” — ${escapeHtml(c.reason)} · ${[c.sourceUrl, ...c.alsoOn].map(pageLink).join(', ')}</p>`;

const more = (n: number, what: string, url: string | null): string =>
  n > 0
    ? `<p class="m">…and ${n} more ${escapeHtml(what)}${url ? ` on the ${link(url, 'dashboard')}` : ' on the dashboard'}.</p>`
    : '';

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
        `<td width="20%" align="center" class="m" style="padding:6px 2px;"><span class="n" style="color:${color};">${n}</span><br>${label}</td>`,
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
              `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS.no_data};"><tr><td class="cb"><p class="m wrap">${pageLink(a.sourceUrl)}</p>${quoteBlock(a.quote)}<p class="wrap">${escapeHtml(a.sentence)}</p><p class="wrap"><b>Acknowledged by ${escapeHtml(a.acknowledgement.by)} until ${escapeHtml(a.acknowledgement.until)}:</b> ${escapeHtml(a.acknowledgement.note)}</p></td></tr></table>`,
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
              `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS.at_risk};"><tr><td class="cb"><p class="wrap"><b>${escapeHtml(c.sentence)}</b></p>${c.quotes.map((q) => `${quoteBlock(q.quote)}<p class="m wrap">${pageLink(q.url)}</p>`).join('')}</td></tr></table>`,
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
  const complained = m.unmeasured.items.filter((i) => i.complaints !== null);
  const quiet = m.unmeasured.items.filter((i) => i.complaints === null);
  const dashboard = link(m.dashboardUrl, 'Open the dashboard');
  const rulesLink = link(m.rulesUrl, `Full rules${m.rulesVersion ? ` (version ${m.rulesVersion})` : ''}`);
  const rows = [
    `<tr><td class="pad"><p class="m wrap">${escapeHtml(m.company)} · ${escapeHtml(m.windowLabel)} · ${escapeHtml(m.windowDates)}</p><h1 class="wrap">${escapeHtml(m.headline)}</h1><p class="m">Promises made in public, checked against what was delivered and what customers said.${dashboard ? ` ${dashboard} for every promise, sortable, with its history.` : ''}</p>${countsBand(m)}</td></tr>`,
    section(
      'Broken promises',
      'Worst first: how far delivery fell short of the promise. Fix the service, or fix the words.',
      m.broken.length ? cards(m.broken, COLORS.breached, true) : NONE,
    ),
    section(
      'At risk',
      'Kept this week, but most of the error budget is spent or the trend points to a breach.',
      m.atRisk.length ? cards(m.atRisk, COLORS.at_risk, false) : NONE,
    ),
    m.closed.length
      ? section(
          'Periods that closed this week',
          'Promises stated per month, quarter or year, graded on the whole period that just ended.',
          m.closed
            .map(
              (c) =>
                `<table ${presentation} width="100%" class="card" style="border-left-color:${COLORS[c.status]};"><tr><td class="cb"><p class="wrap"><b>${escapeHtml(c.line)}</b></p>${quoteBlock(c.quote)}<p class="wrap">${pageLink(c.sourceUrl)}</p></td></tr></table>`,
            )
            .join(''),
        )
      : '',
    section(
      'Perception gaps',
      'The figures say kept; customers say otherwise.',
      m.perceptionGaps.length ? cards(m.perceptionGaps, COLORS.perception, false) : NONE,
    ),
    ...signalsHtml(m.signals, { section, escapeHtml, pageLink }),
    ...registerSections(m),
    section(
      'Not measured',
      'Promises nobody can check this week: no metric backs them, or too few were measured. Those customers complain about come first.',
      m.unmeasured.items.length
        ? complained
            .map((item) =>
              // Complaints that allege a breach of an unmeasured promise are the alarm; matched ones
              // that allege none are evidence, shown in the calm colour of the section.
              promiseCard(item, null, (item.allegingBreach ?? 1) > 0 ? COLORS.complaints : COLORS.no_data),
            )
            .join('') +
            quiet.map(unmeasuredLine).join('') +
            more(m.unmeasured.more, 'unmeasured promises', m.dashboardUrl)
        : NONE,
    ),
    section(
      'Unmeasurable claims on the site',
      'Claims no number can check: a communication risk.',
      m.claims.items.length
        ? m.claims.items.map(claimRow).join('') + more(m.claims.more, 'claims', m.dashboardUrl)
        : NONE,
    ),
    section(
      'What changed on the site',
      'Promises added, changed or removed during the window.',
      m.changes.items.length
        ? m.changes.items.map(changeRow).join('') + more(m.changes.more, 'changes', m.dashboardUrl)
        : NONE,
    ),
    `<tr><td class="pad sec"><h2>How these figures were counted</h2>${m.rulesSummary
      .map((line) => `<p class="m wrap">${escapeHtml(line)}</p>`)
      .join(
        '',
      )}${rulesLink ? `<p class="m">${rulesLink}</p>` : ''}<table ${presentation} width="100%">${m.footer
      .map(
        (f) =>
          `<tr><td width="30%" class="m" style="vertical-align:top;padding:2px 8px 2px 0;"><b>${escapeHtml(f.label)}</b></td><td class="m wrap" style="padding:2px 0;">${escapeHtml(f.value)}</td></tr>`,
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
<table ${presentation} width="100%" style="background:#f2f4f7;"><tr><td align="center" style="padding:12px 0;">
<table ${presentation} width="600" style="width:100%;max-width:600px;background:#ffffff;">
${rows.join('\n')}
</table>
</td></tr></table>
</body>
</html>`;
  return inlineStyles(html);
};
