// From labelled documents to models: each document is read up to the decision (decide.ts
// `prepare`), its labels are aligned to its candidates (a label marks the candidate whose figure
// has its value and whose quote holds its quote; every other candidate is a negative), and one
// small linear model per question is trained on the aligned examples.

import type { Category } from '../../core/index.ts';
import { textToBlocks } from '../blocks.ts';
import type { Candidate } from '../candidates.ts';
import {
  AMBIGUOUS_OPERATOR,
  CATEGORY_CLASSES,
  OPERATOR_CLASSES,
  operatorFeatures,
  type PreparedDocument,
  prepare,
  type StoredPromiseModels,
} from '../decide.ts';
import { htmlToBlocks } from '../html.ts';
import { type Example, train } from '../linear.ts';
import { slotFeatures, slotsOf } from '../qualify.ts';
import { type LabelledDocument, type LabelledPromise, toHtml } from './corpus.ts';
import { quoteScore, sameQualifier } from './score.ts';

export interface AlignedDocument {
  prepared: PreparedDocument;
  /** Per candidate, the label it is aligned to (undefined: a negative). */
  gold: (LabelledPromise | undefined)[];
  /** Labels no candidate holds: the candidate generator's misses. */
  missed: LabelledPromise[];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

const TIME: Record<string, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10080, seconds: 1 / 60 };
const BUSINESS: Record<string, number> = { business_hours: 60, business_days: 480 };

/** The comparable keys of a value: what a label's threshold and a figure must share to align. */
const keysOf = (value: number | null, unit: string | null, bare = false): string[] => {
  if (value === null) return ['null'];
  if (unit && TIME[unit] !== undefined) return [`t:${round(value * (TIME[unit] ?? 1))}`];
  if (unit && BUSINESS[unit] !== undefined) return [`b:${round(value * (BUSINESS[unit] ?? 1))}`];
  if (unit === 'percent') return [`p:${round(value)}`];
  if (unit === 'hours_per_week') return [`w:${round(value)}`];
  if (bare) return [`n:${round(value)}`, `p:${round(value)}`];
  return [`n:${round(value)}`];
};

const candidateKeys = (c: Candidate): string[] => {
  const keys = keysOf(c.figure.value, c.figure.unit, c.figure.kind === 'number');
  // "one day of service credit": a duration that is an amount of compensation, labelled without a unit.
  if (c.figure.kind === 'duration') keys.push(`n:${round(c.figure.value)}`);
  return keys;
};

/** Aligns a document's labels to its candidates. */
export const align = (doc: LabelledDocument, prepared: PreparedDocument): AlignedDocument => {
  const keys = prepared.candidates.map(candidateKeys);
  const gold: (LabelledPromise | undefined)[] = prepared.candidates.map(() => undefined);
  const missed: LabelledPromise[] = [];
  for (const g of doc.promises) {
    const want = new Set(keysOf(g.threshold, g.unit));
    let best = -1;
    let bestScore = 0.6 - 1e-9;
    prepared.candidates.forEach((c, i) => {
      if (gold[i]) return;
      if (!(keys[i] ?? []).some((k) => want.has(k))) return;
      const score = quoteScore(g, c.quote);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    if (best >= 0) gold[best] = g;
    else missed.push(g);
  }
  // Other statements of an aligned promise (a summary that repeats it) are positives too: the
  // scorer neither rewards nor counts them wrong, and they read like promises.
  prepared.candidates.forEach((c, i) => {
    if (gold[i]) return;
    const same = doc.promises.find(
      (g) =>
        (keys[i] ?? []).some((k) => keysOf(g.threshold, g.unit).includes(k)) && quoteScore(g, c.quote) >= 0.6,
    );
    if (same) gold[i] = same;
  });
  return { prepared, gold, missed };
};

/** Reads a labelled document as text and as the HTML page the scorer renders it into. */
export const prepareLabelled = (
  doc: LabelledDocument,
  forms: readonly ('text' | 'html')[],
): PreparedDocument[] =>
  forms.map((form) =>
    prepare(form === 'text' ? textToBlocks(doc.text) : htmlToBlocks(toHtml(doc)), doc.source, {
      strings: true,
    }),
  );

const categoryIndex = (category: string): number => {
  const i = (CATEGORY_CLASSES as readonly string[]).indexOf(category);
  return i < 0 ? 0 : i;
};

/**
 * How much a labelled promise counts against a non-promise in the category model: above 1 trades
 * a little precision for recall. Chosen by cross-validation with l2 3e-3: 2 gives cv
 * 0.747/0.722/0.446 (1 with l2 1e-2: 0.742/0.717/0.445); 3 and 5 score higher (0.753, 0.757) but
 * read the breach in "if we do not reply within 8 hours, you receive a 20% credit" as a promise.
 */
export const TRAINING = { promiseWeight: 2 };

/** Trains every model from aligned documents. */
export const fitModels = (docs: readonly AlignedDocument[]): StoredPromiseModels => {
  const category: Example[] = [];
  const operator: Example[] = [];
  const tier: Example[] = [];
  const severity: Example[] = [];
  for (const doc of docs) {
    doc.prepared.candidates.forEach((c, i) => {
      const features = doc.prepared.features?.[i] ?? [];
      const g = doc.gold[i];
      category.push({
        features,
        label: g ? categoryIndex(g.category) : 0,
        weight: g ? TRAINING.promiseWeight : 1,
      });
      if (!g) return;
      const cat = g.category as Category;
      if (AMBIGUOUS_OPERATOR.has(cat)) {
        const k = OPERATOR_CLASSES.indexOf(
          g.operator === '<' ? '<=' : g.operator === '>' ? '>=' : (g.operator as '<='),
        );
        if (k >= 0) operator.push({ features: operatorFeatures(features, cat), label: k });
      }
      const verdict = doc.prepared.verdicts[i];
      for (const slot of slotsOf(c, verdict)) {
        const f = slotFeatures(slot, c, verdict);
        const t = g.qualifiers?.tier;
        const s = g.qualifiers?.severity;
        tier.push({ features: f, label: t && sameQualifier('tier', slot.value, t) ? 1 : 0 });
        severity.push({ features: f, label: s && sameQualifier('severity', slot.value, s) ? 1 : 0 });
      }
    });
  }
  return {
    category: train(CATEGORY_CLASSES, category),
    operator: train(OPERATOR_CLASSES, operator),
    tier: train(['no', 'yes'], tier),
    severity: train(['no', 'yes'], severity),
  };
};
