// `npx tsx scripts/eval-links.ts [--verbose]`: link precision and recall on the labelled link set
// (training/links/link-set.json: complaint × promise pairs marked relevant or not). Each complaint is analysed
// by the committed model, as on import; a pair counts as linked when linkRelevance links it. The last line
// is the figure.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeComplaint, type LinkablePromise, linkRelevance } from '../packages/complaints/index.ts';
import type { StoredComplaint } from '../packages/core/index.ts';
import { repoRoot } from './complaints-corpus.ts';

interface LinkSet {
  promises: (LinkablePromise & { id: string })[];
  complaints: {
    id: string;
    text: string;
    channel?: string;
    dimensions: Record<string, string>;
    from: string;
  }[];
  pairs: { complaint: string; promise: string; relevant: boolean }[];
}

const set = JSON.parse(readFileSync(resolve(repoRoot, 'training/links/link-set.json'), 'utf8')) as LinkSet;
const verbose = process.argv.includes('--verbose');
const promises = new Map(
  set.promises.map((p) => [p.id, { ...p, sourceUrl: 'https://example.test/', seenAt: '', version: 1 }]),
);
const complaints = new Map<string, StoredComplaint>(
  set.complaints.map((c) => [
    c.id,
    {
      id: c.id,
      at: '2026-11-18T10:00:00.000Z',
      text: c.text,
      ...(c.channel ? { channel: c.channel } : {}),
      dimensions: c.dimensions,
      analysis: analyzeComplaint(c.text),
    },
  ]),
);
const by: Record<string, { tp: number; fp: number; fn: number }> = {};
const tally = (key: string) => {
  by[key] ??= { tp: 0, fp: 0, fn: 0 };
  return by[key];
};
for (const pair of set.pairs) {
  const p = promises.get(pair.promise);
  const c = complaints.get(pair.complaint);
  if (!p || !c) throw new Error(`link set: pair ${pair.complaint} × ${pair.promise} names an unknown id`);
  const r = linkRelevance(p, c);
  const from = set.complaints.find((x) => x.id === pair.complaint)?.from ?? '?';
  for (const key of ['all', from]) {
    const t = tally(key);
    if (r.linked && pair.relevant) t.tp++;
    else if (r.linked) t.fp++;
    else if (pair.relevant) t.fn++;
  }
  if (verbose && r.linked !== pair.relevant)
    console.log(
      `${r.linked ? 'FP' : 'FN'} ${pair.promise} ← ${pair.complaint} (${r.reason}; analysed ${c.analysis.categories.join(',') || 'not a complaint'}): ${c.text.slice(0, 100)}`,
    );
}
const fmt = (x: number) => x.toFixed(3);
const pr = (t: { tp: number; fp: number; fn: number }) => [
  t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1,
  t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1,
];
for (const [key, t] of Object.entries(by).filter(([k]) => k !== 'all')) {
  const [p, r] = pr(t);
  console.log(`${key}: precision ${fmt(p ?? 0)} recall ${fmt(r ?? 0)} (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`);
}
const [P, R] = pr(tally('all'));
console.log(`link set: ${set.pairs.length} pairs, ${set.pairs.filter((p) => p.relevant).length} relevant`);
console.log(`links precision ${fmt(P ?? 0)}, recall ${fmt(R ?? 0)}`);
