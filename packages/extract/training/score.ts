// The promise scorer's matching (../shared/eval/score-promises.mjs), reimplemented faithfully so
// cross-validation scores held-out folds in process: a prediction matches a label when categories
// agree and >= 60% of the label's quote words (or an alternate's) are in the predicted quote; value
// also needs the same operator and threshold after unit conversion; qualified also needs the
// label's tier and severity named. Labels first take a same-valued prediction, then the closest.

import type { LabelledPromise } from './corpus.ts';

export interface ScoredPrediction {
  quote: string;
  category: string;
  operator: string;
  threshold: number | null;
  unit: string | null;
  qualifiers?: { tier?: unknown; severity?: unknown };
}

export interface Tally {
  tp: number;
  vtp: number;
  qtp: number;
  pred: number;
  gold: number;
}

export const words = (s: unknown): string[] =>
  String(s)
    .toLowerCase()
    .match(/[a-z0-9]+(?:\.[0-9]+)?/g) ?? [];

const UNIT: Record<string, [string, number]> = {
  minutes: ['time', 1],
  hours: ['time', 60],
  days: ['time', 1440],
  weeks: ['time', 10080],
  business_hours: ['btime', 60],
  business_days: ['btime', 60 * 8],
  percent: ['percent', 1],
  hours_per_week: ['hpw', 1],
};

const norm = (threshold: number | null | undefined, unit: string | null | undefined): string | null => {
  if (threshold === null || threshold === undefined || !unit) return null;
  const u = UNIT[unit];
  if (!u) return null;
  return `${u[0]}:${Math.round(Number(threshold) * u[1] * 1000) / 1000}`;
};

const op = (o: string | undefined): string => (o === '<' ? '<=' : o === '>' ? '>=' : (o ?? ''));

export const sameValue = (p: ScoredPrediction, g: LabelledPromise): boolean => {
  if (op(p.operator) !== op(g.operator)) return false;
  const a = norm(g.threshold, g.unit);
  const b = norm(p.threshold, p.unit);
  if (a === null) return b === null || g.threshold === null;
  return a === b;
};

const STOP = new Set([
  'plan',
  'plans',
  'tier',
  'support',
  'level',
  'severity',
  'sev',
  'priority',
  'the',
  'and',
  'of',
  'customers',
  'edition',
]);
const qWords = (v: unknown): Set<string> => new Set(words(v).filter((w) => !STOP.has(w)));
const levelOf = (v: unknown): string | null => {
  const s = String(v).toLowerCase();
  const m =
    s.match(/\b(?:p|sev|s|severity|priority|level|l|tier)\s*-?\s*([0-9])\b/) || s.match(/^\s*([0-9])\b/);
  return m?.[1] ?? null;
};

export const sameQualifier = (key: string, got: unknown, want: unknown): boolean => {
  if (got === undefined || got === null || got === '') return false;
  if (key === 'severity') {
    const a = levelOf(got);
    const b = levelOf(want);
    if (a && b) return a === b;
  }
  const gw = qWords(got);
  const ww = qWords(want);
  if (!ww.size) return true;
  return [...ww].some((w) => gw.has(w));
};

const QUALIFIERS = ['tier', 'severity'] as const;

const wanted = (g: LabelledPromise, k: 'tier' | 'severity'): unknown => g.qualifiers?.[k];

const qualifierOk = (p: ScoredPrediction, g: LabelledPromise): boolean =>
  QUALIFIERS.every((k) => {
    const w = wanted(g, k);
    if (w === undefined || w === null || w === '') return true;
    return sameQualifier(k, p.qualifiers?.[k], w);
  });

const agreement = (p: ScoredPrediction, g: LabelledPromise): number =>
  QUALIFIERS.filter((k) => {
    const w = wanted(g, k);
    return w && sameQualifier(k, p.qualifiers?.[k], w);
  }).length;

export const overlap = (q: string, quote: string): number => {
  const gw = words(q);
  const pw = new Set(words(quote));
  return gw.filter((w) => pw.has(w)).length / Math.max(1, gw.length);
};

export const quoteScore = (g: LabelledPromise, quote: string): number =>
  Math.max(...[g.quote, ...(g.alternates ?? [])].map((q) => overlap(q, quote)));

/** How the scorer pairs one document's labels with its predictions. */
export interface Pairing {
  /** Label index → the prediction it is matched to. */
  pairOf: Map<number, number>;
  /** Predictions that restate a matched label: neither rewarded nor counted wrong. */
  repeats: Set<number>;
}

/** Pairs labels with predictions as the shared scorer does (same-valued first, then the closest). */
export const pairDocument = (
  gold: readonly LabelledPromise[],
  pred: readonly ScoredPrediction[],
): Pairing => {
  const used = new Set<number>();
  const pairOf = new Map<number, number>();
  for (const valuePass of [true, false]) {
    gold.forEach((g, gi) => {
      if (pairOf.has(gi)) return;
      let best = -1;
      let bestKey: [number, number] | null = null;
      pred.forEach((p, j) => {
        if (used.has(j) || p.category !== g.category) return;
        if (valuePass && !sameValue(p, g)) return;
        const score = quoteScore(g, p.quote);
        if (score < 0.6) return;
        const key: [number, number] = [agreement(p, g), score];
        if (!bestKey || key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) {
          best = j;
          bestKey = key;
        }
      });
      if (best >= 0) {
        used.add(best);
        pairOf.set(gi, best);
      }
    });
  }
  const matched: LabelledPromise[] = [];
  gold.forEach((g, gi) => {
    if (pairOf.has(gi)) matched.push(g);
  });
  const repeats = new Set<number>();
  pred.forEach((p, j) => {
    if (used.has(j)) return;
    const repeat = matched.some(
      (g) =>
        g.category === p.category &&
        sameValue(p, g) &&
        [g.quote, ...(g.alternates ?? [])].some((q) => overlap(q, p.quote) >= 0.6),
    );
    if (repeat) repeats.add(j);
  });
  return { pairOf, repeats };
};

/** Whether a matched prediction names the label's tier and severity (the qualified figure). */
export const qualifiedMatch = (p: ScoredPrediction, g: LabelledPromise): boolean => qualifierOk(p, g);

/** Scores one document's predictions against its labels, as the shared scorer does. */
export const scoreDocument = (gold: readonly LabelledPromise[], pred: readonly ScoredPrediction[]): Tally => {
  const t: Tally = { tp: 0, vtp: 0, qtp: 0, pred: pred.length, gold: gold.length };
  const { pairOf, repeats } = pairDocument(gold, pred);
  gold.forEach((g, gi) => {
    const j = pairOf.get(gi);
    if (j === undefined) return;
    const p = pred[j];
    if (!p) return;
    t.tp++;
    if (sameValue(p, g)) {
      t.vtp++;
      if (qualifierOk(p, g)) t.qtp++;
    }
  });
  t.pred -= repeats.size;
  return t;
};

export const addTally = (a: Tally, b: Tally): Tally => ({
  tp: a.tp + b.tp,
  vtp: a.vtp + b.vtp,
  qtp: a.qtp + b.qtp,
  pred: a.pred + b.pred,
  gold: a.gold + b.gold,
});

export const EMPTY_TALLY: Tally = { tp: 0, vtp: 0, qtp: 0, pred: 0, gold: 0 };

const f1 = (tp: number, pred: number, gold: number): number => {
  const p = pred ? tp / pred : tp === 0 && gold === 0 ? 1 : 0;
  const r = gold ? tp / gold : 1;
  return p + r ? (2 * p * r) / (p + r) : 0;
};

export const figures = (t: Tally): { category: number; value: number; qualified: number } => ({
  category: f1(t.tp, t.pred, t.gold),
  value: f1(t.vtp, t.pred, t.gold),
  qualified: f1(t.qtp, t.pred, t.gold),
});
