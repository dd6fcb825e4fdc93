// Shared by train-complaints, eval-complaints and eval-links: where the labelled corpora are, how they
// are read, folded and scored. Scoring follows ../shared/eval/score-complaints.mjs exactly.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledComplaint } from '../packages/complaints/model.ts';
import { labelMinutes } from '../packages/complaints/model.ts';
import { stemWord } from '../packages/complaints/sentiment.ts';
import type { ComplaintAnalysis } from '../packages/core/index.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** ../shared/corpus beside the checkout (or beside the main checkout, from a worktree). */
export const findSharedDir = (): string => {
  const candidates = [
    process.env.PROMISEGAP_SHARED_DIR,
    resolve(repoRoot, '../shared'),
    resolve(repoRoot, '../../shared'),
  ].filter((x): x is string => Boolean(x));
  const found = candidates.find((d) => existsSync(resolve(d, 'corpus/complaints/dev.json')));
  if (!found)
    throw new Error(
      `complaints corpus not found: looked for corpus/complaints/dev.json under ${candidates.join(', ')} (set PROMISEGAP_SHARED_DIR)`,
    );
  return found;
};

const readItems = (path: string): LabelledComplaint[] => {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of labelled complaints`);
  parsed.forEach((it, i) => {
    const ok =
      typeof it === 'object' &&
      it !== null &&
      typeof it.text === 'string' &&
      typeof it.is_complaint === 'boolean' &&
      Array.isArray(it.categories) &&
      Array.isArray(it.durations);
    if (!ok) throw new Error(`${path}: item ${i} needs text, is_complaint, categories and durations`);
  });
  return parsed as LabelledComplaint[];
};

export const loadDev = (): LabelledComplaint[] =>
  readItems(resolve(findSharedDir(), 'corpus/complaints/dev.json'));

/** The team's own variation corpus: every .json file under training/complaints/. */
export const loadVariation = (): LabelledComplaint[] => {
  const dir = resolve(repoRoot, 'training/complaints');
  // Sorted, so training sees the same items in the same order on every machine.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.flatMap((f) => readItems(resolve(dir, f)));
};

/** Stems of the words of every company name in the corpus: they must never become model features. */
export const companyWords = (items: readonly LabelledComplaint[]): Set<string> => {
  const out = new Set<string>();
  // Words customers of many companies write ("internet", "service", "mail") are vocabulary, not names.
  const spread = new Map<string, Set<string>>();
  for (const it of items)
    for (const w of new Set(it.text.toLowerCase().split(/[^a-z0-9]+/))) {
      const set = spread.get(w) ?? new Set<string>();
      spread.set(w, set);
      set.add(it.company ?? '');
    }
  for (const it of items) {
    for (const w of (it.company ?? '').toLowerCase().split(/[^a-z0-9]+/)) {
      if (w.length < 3 || (spread.get(w)?.size ?? 0) >= 6) continue;
      out.add(w);
      out.add(stemWord(w));
    }
  }
  return out;
};

const fnv = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** Leave-source-out folds: items grouped by source (or company), groups dealt round-robin in hash order. */
export const sourceFolds = (items: readonly LabelledComplaint[], k = 5): number[] => {
  const key = (it: LabelledComplaint, i: number) => it.source || it.company || `item-${i}`;
  const groups = [...new Set(items.map(key))].sort((a, b) => fnv(a) - fnv(b) || a.localeCompare(b));
  const foldOf = new Map(groups.map((g, i) => [g, i % k]));
  return items.map((it, i) => foldOf.get(key(it, i)) ?? 0);
};

export interface Tally {
  ctp: number;
  cpred: number;
  cgold: number;
  dtp: number;
  dpred: number;
  dgold: number;
  correct: number;
  items: number;
}

export const emptyTally = (): Tally => ({
  ctp: 0,
  cpred: 0,
  cgold: 0,
  dtp: 0,
  dpred: 0,
  dgold: 0,
  correct: 0,
  items: 0,
});

/** Adds one item's result to a tally, the way score-complaints.mjs counts it. */
export const tallyItem = (t: Tally, gold: LabelledComplaint, got: ComplaintAnalysis): void => {
  const g = new Set(gold.categories.filter((c) => c && c !== 'none'));
  const p = new Set<string>(got.categories);
  t.cgold += g.size;
  t.cpred += p.size;
  for (const c of p) if (g.has(c)) t.ctp++;
  const gd = gold.durations.map(labelMinutes);
  const left = got.durations.map(labelMinutes);
  t.dgold += gd.length;
  t.dpred += left.length;
  for (const m of gd) {
    const j = left.indexOf(m);
    if (j >= 0) {
      t.dtp++;
      left.splice(j, 1);
    }
  }
  if (Boolean(got.isComplaint) === Boolean(gold.is_complaint)) t.correct++;
  t.items++;
};

const f1 = (tp: number, pred: number, gold: number): number => {
  const p = pred ? tp / pred : 1;
  const r = gold ? tp / gold : 1;
  return p + r ? (2 * p * r) / (p + r) : 0;
};

export const figures = (t: Tally) => ({
  category: f1(t.ctp, t.cpred, t.cgold),
  duration: f1(t.dtp, t.dpred, t.dgold),
  accuracy: t.items ? t.correct / t.items : 0,
});
