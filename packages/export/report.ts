// The evidence pack's report: one HTML file with its styles inside, no scripts and no remote
// resources, so it opens offline years later and shows the same figures as commitments.csv.

import type { Verdict, Window } from '../core/index.ts';
import type { EvidenceStatement } from './evidence.ts';

const html = (text: unknown): string =>
  String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const num = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '—'
    : String(Math.round(n * 10 ** digits) / 10 ** digits);

const STATUS_WORDS: Record<string, string> = {
  kept: 'kept',
  at_risk: 'at risk',
  breached: 'broken',
  no_data: 'no data',
};

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;padding:24px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
p.meta{color:#57606a;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.s-breached{color:#a40e26;font-weight:600}.s-at_risk{color:#9a6700;font-weight:600}
.s-kept{color:#1a7f37}.s-no_data{color:#57606a}
blockquote{margin:4px 0;padding:2px 10px;border-left:3px solid #d0d7de;color:#333}
code{font-size:12px;word-break:break-all}
@media print{body{padding:0}}
`;

export interface ReportInput {
  company: string;
  window: Window;
  timezone: string;
  generatedAt: string;
  verdicts: Verdict[];
  statements: EvidenceStatement[];
  rulesVersion: string;
  snapshotOf: (contentHash: string | undefined) => string | undefined;
}

const promiseText = (v: Verdict): string => {
  const { operator, threshold, unit, qualifiers } = v.promise;
  const words = operator === '<=' ? 'at most' : operator === '>=' ? 'at least' : 'exactly';
  const figure =
    threshold === null ? 'no figure' : `${words} ${threshold}${unit ? ` ${unit.replace(/_/g, ' ')}` : ''}`;
  const scope = [qualifiers.tier, qualifiers.severity, qualifiers.channel].filter(Boolean).join(' · ');
  return scope ? `${figure} (${scope})` : figure;
};

export const renderEvidenceReport = (input: ReportInput): string => {
  const counts = new Map<string, number>();
  for (const v of input.verdicts) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  const summary = ['breached', 'at_risk', 'kept', 'no_data']
    .map(
      (s) =>
        `<li><span class="s-${s}">${html(STATUS_WORDS[s])}</span>: <b data-count="${s}">${counts.get(s) ?? 0}</b></li>`,
    )
    .join('');
  const rows = input.verdicts
    .map(
      (v) => `<tr data-promise="${html(v.promiseId)}">
<td><a href="#${html(v.promiseId)}">${html(v.promiseId)}</a></td>
<td class="s-${html(v.status)}" data-field="status">${html(STATUS_WORDS[v.status] ?? v.status)}</td>
<td>${html(v.promise.category.replace(/_/g, ' '))}</td>
<td data-field="promise">${html(promiseText(v))}</td>
<td class="n" data-field="samples">${v.delivery ? v.delivery.samples : '—'}</td>
<td class="n" data-field="attainment">${num(v.delivery?.attainment)}</td>
<td class="n" data-field="target">${num(v.delivery?.target)}</td>
<td class="n" data-field="p95">${num(v.delivery?.p95)}</td>
<td class="n" data-field="complaints">${v.complaints ? `${v.complaints.allegingBreach} of ${v.complaints.matched}` : '—'}</td>
</tr>`,
    )
    .join('\n');
  const details = input.verdicts
    .map((v) => {
      const said = input.statements.filter((s) => s.promiseId === v.promiseId);
      const statements = said.length
        ? `<table><thead><tr><th>Quote</th><th>Page</th><th>First seen</th><th>Last seen</th><th>Snapshot</th></tr></thead><tbody>${said
            .map((s) => {
              const file = input.snapshotOf(s.contentHash);
              return `<tr><td>${html(s.quote)}</td><td><code>${html(s.url)}</code></td><td>${html(s.firstSeen)}</td><td>${html(s.lastSeen)}</td><td>${
                file
                  ? `<a href="${html(file)}"><code>${html(s.contentHash)}</code></a>`
                  : html(s.contentHash ?? '—')
              }</td></tr>`;
            })
            .join('')}</tbody></table>`
        : '<p>No statement of this commitment is stored (added by hand, or read before statements were kept).</p>';
      const quotes = (v.complaints?.quotes ?? [])
        .map((q) => `<blockquote>${html(q.quote)} <small>(${html(q.at.slice(0, 10))})</small></blockquote>`)
        .join('');
      return `<section id="${html(v.promiseId)}"><h2>${html(v.promise.quote)}</h2>
<p><span class="s-${html(v.status)}">${html(STATUS_WORDS[v.status] ?? v.status)}</span> — ${html(v.reason)}</p>
${statements}${quotes ? `<h3>What customers said (personal data masked)</h3>${quotes}` : ''}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Evidence pack — ${html(input.company)} — ${html(input.window.id)}</title><style>${STYLE}</style></head>
<body><main>
<h1>What ${html(input.company)} promised, and what it delivered</h1>
<p class="meta">Window <b id="window">${html(input.window.id)}</b> (${html(input.window.start)} to ${html(input.window.end)}, business calendar in ${html(input.timezone)}) · generated ${html(input.generatedAt)} · accounting rules version ${html(input.rulesVersion)} (rules.txt)</p>
<ul id="summary">${summary}</ul>
<table id="commitments"><thead><tr><th>Commitment</th><th>Verdict</th><th>Category</th><th>Promise</th><th>Samples</th><th>Attainment %</th><th>Target %</th><th>p95</th><th>Complaints alleging a breach</th></tr></thead>
<tbody>${rows}</tbody></table>
${details}
<p class="meta">Every file of this pack is listed with its SHA-256 in manifest.json; snapshots are named by their content hash.</p>
</main></body></html>
`;
};
