// Human summaries of a cycle for the terminal: the verdict table and what each step did.

import Table from 'cli-table3';
import type { Verdict } from '../core/index.ts';
import type { CycleResult } from '../pipeline/index.ts';

const STATUS_ORDER = { breached: 0, at_risk: 1, no_data: 2, kept: 3 } as const;

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Up to `digits` decimals, without trailing zeros: 99.95 stays 99.95, 1.0 becomes 1. */
const formatNumber = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? '—' : String(Number(n.toFixed(digits)));

const promised = (v: Verdict) => {
  const p = v.promise;
  const unit = p.unit ? p.unit.replace('_', ' ') : '';
  return `${p.operator} ${formatNumber(p.threshold)} ${unit}`.trim();
};

export const verdictTable = (verdicts: Verdict[]): string => {
  const table = new Table({
    head: ['status', 'promise (as published)', 'promised', 'delivered', 'samples', 'complaints'],
    colWidths: [10, 52, 18, 22, 9, 12],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  const sorted = [...verdicts].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.promise.quote.localeCompare(b.promise.quote),
  );
  for (const v of sorted) {
    const d = v.delivery;
    const delivered = d
      ? `${formatNumber(d.attainment)}% within (target ${formatNumber(d.target, 0)}%)`
      : 'no metric';
    const complaints = v.complaints
      ? `${v.complaints.allegingBreach}/${v.complaints.matched}${v.complaints.perceptionGap ? ' gap!' : ''}`
      : '—';
    table.push([
      v.status,
      shorten(v.promise.quote, 150),
      promised(v),
      delivered,
      d ? String(d.samples) : '0',
      complaints,
    ]);
  }
  return table.toString();
};

export const cycleSummary = (result: CycleResult): string => {
  const outcomes = new Map<string, number>();
  for (const p of result.crawl.pages) outcomes.set(p.outcome, (outcomes.get(p.outcome) ?? 0) + 1);
  const lines = [
    `crawl: ${result.crawl.pages.length} pages (${[...outcomes].map(([k, n]) => `${n} ${k}`).join(', ')})`,
  ];
  for (const p of result.crawl.pages.filter((p) => p.outcome === 'failed'))
    lines.push(`  failed ${p.url}: ${p.error}`);
  const changes = result.extractions.flatMap((e) => e.changes);
  lines.push(
    `extract: ${result.extractions.length} pages read, ${result.extractions.reduce((n, e) => n + e.promises, 0)} promises, ${result.extractions.reduce((n, e) => n + e.claims, 0)} unmeasurable claims, ${changes.length} changes`,
  );
  for (const e of result.extractions)
    for (const note of e.notes ?? []) lines.push(`  ${note.kind} ${e.url}: ${note.message}`);
  for (const r of result.imports) {
    lines.push(
      `import ${r.file}: ${r.accepted} new, ${r.duplicates} already stored, ${r.errors.length} bad rows`,
    );
    for (const e of r.errors.slice(0, 5)) lines.push(`  line ${e.line}: ${e.reason}`);
    if (r.errors.length > 5) lines.push(`  … and ${r.errors.length - 5} more`);
  }
  for (const f of result.extractionFailures) lines.push(`  could not read ${f.url}: ${f.error}`);
  const counts = new Map<string, number>();
  for (const v of result.verdicts) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  lines.push(
    `evaluate ${result.window.id} (${result.window.start.slice(0, 10)} to ${result.window.end.slice(0, 10)}): ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`,
  );
  return lines.join('\n');
};
