// The learned decision: for every candidate figure, is it a promise, of which category, with which
// operator; then its qualifiers (qualify.ts). The rules (engine.ts) run first and their verdicts
// are features; where the model agrees with the rules on a figure, the rules' reading (metric,
// operator, qualifiers) is kept, so pages the rules already read well read the same.

import type { Category, ExtractedPromise, ExtractionResult, Operator, Unit } from '../core/index.ts';
import type { Block } from './blocks.ts';
import { type Candidate, findCandidates } from './candidates.ts';
import { recoverColumns } from './columns.ts';
import { type RuleVerdict, readByRules } from './engine.ts';
import {
  candidateFeatures,
  clearFeatureCache,
  type HashedFeatures,
  hashedFeatures,
  hashFeatures,
} from './features.ts';
import { clearFigureCache } from './figures.ts';
import { type LinearModel, loadModel, type PackedModel, type StoredModel } from './linear.ts';
import { clearSlotCache, qualifiersOf, setDocumentSource } from './qualify.ts';
import { type Has, METRIC_NAMES } from './rule-verdicts.ts';
import { DEFAULT_OPERATOR } from './rules.ts';

export const CATEGORY_CLASSES = [
  'none',
  'response_time',
  'resolution_time',
  'uptime',
  'availability_hours',
  'delivery_time',
  'refund_guarantee',
  'credit_compensation',
  'other',
] as const;
export const OPERATOR_CLASSES: readonly Operator[] = ['<=', '>=', '=='];

export interface PromiseModels {
  category: LinearModel;
  operator: LinearModel;
  tier?: LinearModel;
  severity?: LinearModel;
}

/** The models as the committed file stores them (packages/extract/model/promises.json). */
export interface StoredPromiseModels {
  category: StoredModel | PackedModel;
  operator: StoredModel | PackedModel;
  tier: StoredModel | PackedModel;
  severity: StoredModel | PackedModel;
}

export const loadPromiseModels = (stored: StoredPromiseModels): PromiseModels => ({
  category: loadModel(stored.category),
  operator: loadModel(stored.operator),
  tier: loadModel(stored.tier),
  severity: loadModel(stored.severity),
});

/** A document read up to the decision: its candidates, each with the rules' verdict on its figure. */
export interface PreparedDocument {
  candidates: Candidate[];
  /** The rules' promise on each candidate's figure (same index), if they read one. */
  verdicts: (ExtractedPromise | undefined)[];
  /** Each candidate's features as the model scores them. */
  hashed: HashedFeatures[];
  /** Each candidate's features as text: read for training only (prepare's `strings`). */
  features?: string[][];
  /** Promises the rules read that no candidate holds (a figure read from a whole band row). */
  unpaired: ExtractedPromise[];
  result: ExtractionResult;
}

const words = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

const overlap = (inner: string, outer: string): number => {
  const w = words(inner);
  const o = new Set(words(outer));
  return w.filter((x) => o.has(x)).length / Math.max(1, w.length);
};

/** Pairs each rule verdict with the candidate of its block that holds the same figure. */
const pair = (
  candidates: readonly Candidate[],
  verdicts: readonly RuleVerdict[],
): { byCandidate: (ExtractedPromise | undefined)[]; unpaired: ExtractedPromise[] } => {
  const byCandidate: (ExtractedPromise | undefined)[] = candidates.map(() => undefined);
  const byBlock = new Map<number, number[]>();
  candidates.forEach((c, i) => {
    const list = byBlock.get(c.block) ?? [];
    list.push(i);
    byBlock.set(c.block, list);
  });
  const unpaired: ExtractedPromise[] = [];
  for (const v of verdicts) {
    const p = v.promise;
    let best = -1;
    let bestScore = -1;
    for (const i of byBlock.get(v.block) ?? []) {
      const c = candidates[i];
      if (!c || byCandidate[i]) continue;
      if (c.figure.value !== p.threshold) continue;
      const sameUnit = c.figure.unit === p.unit || (c.figure.kind === 'number' && p.unit === null);
      if (!sameUnit) continue;
      const score = overlap(p.quote, c.quote) + overlap(c.text, p.quote);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best >= 0) byCandidate[best] = p;
    else unpaired.push(p);
  }
  return { byCandidate, unpaired };
};

/**
 * Reads a document up to the decision: the same for training and for extraction. Training asks for
 * the features as text too (`strings`); extraction scores their hashes only.
 */
export const prepare = (
  read: Block[],
  source: string,
  options: { strings?: boolean } = {},
): PreparedDocument => {
  clearFigureCache();
  clearFeatureCache();
  clearSlotCache();
  setDocumentSource(source);
  const blocks = recoverColumns(read);
  const { result, verdicts } = readByRules(blocks, source, { keepFigureCache: true });
  const candidates = findCandidates(blocks);
  const { byCandidate, unpaired } = pair(candidates, verdicts);
  if (options.strings) {
    const features = candidates.map((c, i) => candidateFeatures(c, byCandidate[i]));
    return {
      candidates,
      verdicts: byCandidate,
      hashed: features.map(hashFeatures),
      features,
      unpaired,
      result,
    };
  }
  const hashed = candidates.map((c, i) => hashedFeatures(c, byCandidate[i]));
  return { candidates, verdicts: byCandidate, hashed, unpaired, result };
};

export const operatorFeatures = (features: readonly string[], category: Category): string[] => [
  `cat:${category}`,
  ...features,
  ...features.filter((f) => /^(?:L\d|LL|R\d|k|bd|lw|rw):/.test(f)).map((f) => `${category}&${f}`),
];

/**
 * Decision thresholds: a rule's category is kept while the model gives it at least `keepRule`; a
 * promise the rules did not read needs at least `newPromise`. Chosen by cross-validation.
 */
export const DECISION = { keepRule: 0.1, newPromise: 0.45 };

/** Whether the operator of a category is worth a model's decision (refund windows, other commitments). */
export const AMBIGUOUS_OPERATOR: ReadonlySet<Category> = new Set(['refund_guarantee', 'other']);

const thresholdOf = (c: Candidate, category: Category): { threshold: number; unit: Unit | null } => {
  const f = c.figure;
  // Compensation as days of service or a multiple of the fee has no unit of its own.
  if (category === 'credit_compensation' && (f.kind === 'duration' || f.kind === 'multiple'))
    return { threshold: f.value, unit: null };
  if (f.kind === 'number' && category === 'credit_compensation') {
    const percentColumn = /%|percent/i.test(`${c.header ?? ''} ${c.headings[0] ?? ''}`);
    return { threshold: f.value, unit: percentColumn ? 'percent' : null };
  }
  return { threshold: f.value, unit: f.unit };
};

const identity = (p: ExtractedPromise, where: string): string =>
  [
    where,
    p.category,
    p.operator,
    p.threshold,
    p.unit,
    p.qualifiers.tier ?? '',
    p.qualifiers.severity ?? '',
    p.qualifiers.channel ?? '',
    p.qualifiers.scope ?? '',
  ].join('|');

/** Decides every candidate of a prepared document and assembles the result. */
export const decide = (doc: PreparedDocument, models: PromiseModels): ExtractionResult => {
  const found: { promise: ExtractedPromise; where: string; block: number }[] = [];
  // The clauses the rules read, with the category they read there.
  const ruleRead = new Set<string>();
  doc.candidates.forEach((c, j) => {
    const v = doc.verdicts[j];
    if (v) ruleRead.add(`${c.block}\u0000${c.text}\u0000${v.category}`);
  });
  doc.candidates.forEach((c, i) => {
    // A repeat is the same promise again in the same section; every table row is its own.
    const where = c.blockKind === 'row' ? `row:${c.block}` : `section:${c.headings.join('/')}`;
    const promises = { push: (promise: ExtractedPromise) => found.push({ promise, where, block: c.block }) };
    const hashed = doc.hashed[i];
    const verdict = doc.verdicts[i];
    if (!hashed) return;
    const probabilities = models.category.predictHashed(hashed.hashes);
    let best = 0;
    probabilities.forEach((p, k) => {
      if (p > (probabilities[best] ?? 0)) best = k;
    });
    // The rules' reading stands unless the model finds it unlikely; a figure the rules left alone
    // needs the model's clear word.
    const ruleClass = verdict ? CATEGORY_CLASSES.indexOf(verdict.category) : -1;
    // The rules that say a sentence promises nothing (the past, examples, the customer's duty, a
    // third party, a negation) are precise: a figure they rule out stays out.
    if (!verdict && hashed.veto) return;
    // The rules read this clause and chose another of its figures for a category: the bound the
    // customer can hold them to ("within 12 hours, but may take up to 3 days" is one promise).
    const chosenSibling = (k: number) =>
      !verdict &&
      k > 0 &&
      doc.verdicts.some(
        (v, j) =>
          j !== i &&
          v?.category === CATEGORY_CLASSES[k] &&
          doc.candidates[j]?.block === c.block &&
          doc.candidates[j]?.text === c.text,
      );
    if (ruleClass > 0 && (probabilities[ruleClass] ?? 0) >= DECISION.keepRule) best = ruleClass;
    else if (ruleClass < 0 && best > 0 && (probabilities[best] ?? 0) < DECISION.newPromise) best = 0;
    if (chosenSibling(best)) best = 0;
    const chosen = CATEGORY_CLASSES[best];
    if (!chosen || chosen === 'none') return;
    const category: Category = chosen;
    const confidence = Math.round(Math.max(0.1, Math.min(0.99, probabilities[best] ?? 0)) * 100) / 100;
    const qualifiers = qualifiersOf(c, category, verdict, models);
    if (verdict && verdict.category === category) {
      // The rules' reading stands whole, its confidence included: pages they read well read the same.
      promises.push({ ...verdict, qualifiers });
      return;
    }
    let operator = DEFAULT_OPERATOR[category];
    if (category === 'credit_compensation' || c.figure.kind === 'money') operator = '==';
    else if (AMBIGUOUS_OPERATOR.has(category)) {
      const features = doc.features?.[i] ?? candidateFeatures(c, verdict);
      const p = models.operator.predict(operatorFeatures(features, category));
      let k = 0;
      p.forEach((x, j) => {
        if (x > (p[k] ?? 0)) k = j;
      });
      operator = OPERATOR_CLASSES[k] ?? operator;
    }
    const context = c.headings[0];
    const has: Has = (re) => re.test(c.quote) || (context !== undefined && re.test(context));
    const metric =
      category === 'credit_compensation' && c.figure.kind !== 'percent' && c.figure.kind !== 'number'
        ? c.figure.kind === 'money'
          ? 'compensation_amount'
          : c.figure.kind === 'multiple'
            ? 'service_credit_multiple'
            : 'service_credit_days'
        : METRIC_NAMES[category](has, operator);
    promises.push({
      quote: c.quote,
      category,
      metric,
      operator,
      ...thresholdOf(c, category),
      qualifiers,
      confidence,
    });
  });
  for (const promise of doc.unpaired) found.push({ promise, where: `quote:${promise.quote}`, block: -10 });
  // A repeat is dropped when it restates an earlier promise of its section: the same meaning, and
  // one quote's words all but contained in the other's.
  // A short line (a heading, a summary) restated by the sentence right after it, or the same
  // sentence twice, is one promise: the first statement is kept.
  const seen = new Map<string, { quote: string; block: number }[]>();
  const unique: ExtractedPromise[] = [];
  const restates = (a: { quote: string; block: number }, b: { quote: string; block: number }): boolean => {
    if (a.quote === b.quote) return true;
    if (Math.abs(a.block - b.block) > 1) return false;
    const [short, long] =
      words(a.quote).length <= words(b.quote).length ? [a.quote, b.quote] : [b.quote, a.quote];
    return words(short).length <= 8 && overlap(short, long) >= 0.8;
  };
  for (const { promise, where, block } of found) {
    const key = identity(promise, where);
    const earlier = seen.get(key) ?? [];
    const statement = { quote: promise.quote, block };
    if (earlier.some((e) => restates(e, statement))) continue;
    earlier.push(statement);
    seen.set(key, earlier);
    unique.push(promise);
  }
  return {
    source: doc.result.source,
    promises: unique,
    claims: doc.result.claims,
  };
};
