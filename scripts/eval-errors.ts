// `npx tsx scripts/eval-errors.ts [--show CLASS] [--limit N] [--html]`: error analysis of the
// cross-validated promise predictions over the DEV corpus only (../shared/corpus/promises; never the
// check split). Each fold is read by models trained on the other folds plus the variation corpus,
// as `npm run eval` does, and every label is put in one class:
//   ok · no candidate (no figure of its value in a quote that holds it) · rejected (a candidate held
//   it, the decision said no) · wrong category · wrong value · wrong tier · wrong severity
// and every unmatched prediction counted as a false positive of its category.
// `--show CLASS` prints the misses of one class (e.g. `--show tier`, `--show fp:other`).
import { textToBlocks } from '../packages/extract/blocks.ts';
import type { PreparedDocument, PromiseModels } from '../packages/extract/decide.ts';
import { decide, loadPromiseModels, prepare } from '../packages/extract/decide.ts';
import { htmlToBlocks } from '../packages/extract/html.ts';
import { setSlotThreshold, slotFeatures, slotsOf } from '../packages/extract/qualify.ts';
import { foldOf, type LabelledDocument, loadCorpus, toHtml } from '../packages/extract/training/corpus.ts';
import { align } from '../packages/extract/training/fit.ts';
import { alignAll, trainOn } from '../packages/extract/training/run.ts';
import {
  pairDocument,
  quoteScore,
  type ScoredPrediction,
  sameQualifier,
  sameValue,
} from '../packages/extract/training/score.ts';
import { sharedCorpus, VARIATION_DIR } from './lib/promise-corpus.ts';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const show = argValue('--show');
const limit = Number(argValue('--limit') ?? 40);
const form = args.includes('--html') ? 'html' : 'text';
const FOLDS = 5;
const threshold = argValue('--slot-threshold');
if (threshold) setSlotThreshold(Number(threshold));

const corpus = loadCorpus(sharedCorpus(args, 'promises'));
const variation = loadCorpus(VARIATION_DIR);
const alignedCorpus = corpus.map((doc) => ({ doc, aligned: alignAll([doc]) }));
const alignedVariation = alignAll(variation);

const counts = new Map<string, number>();
const shown = new Map<string, number>();
const count = (key: string, detail: () => string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (show && key === show && (shown.get(key) ?? 0) < limit) {
    shown.set(key, (shown.get(key) ?? 0) + 1);
    console.log(`[${key}] ${detail()}`);
  }
};

const fmt = (p: ScoredPrediction): string =>
  `${p.category} ${p.operator} ${p.threshold} ${p.unit ?? ''} tier=${String(p.qualifiers?.tier ?? '')} sev=${String(p.qualifiers?.severity ?? '')} «${p.quote.slice(0, 160)}»`;

/** With `--slots`: each slot of the candidate behind a prediction, with the tier and severity models' odds. */
const slotsLine = (prepared: PreparedDocument, models: PromiseModels, p: ScoredPrediction): string => {
  if (!args.includes('--slots')) return '';
  const i = prepared.candidates.findIndex((c) => c.quote === p.quote && c.figure.value === p.threshold);
  const c = prepared.candidates[i];
  if (!c) return '';
  const verdict = prepared.verdicts[i];
  const list = slotsOf(c, verdict).map((slot) => {
    const f = slotFeatures(slot, c, verdict);
    const t = models.tier?.predict(f)[1] ?? 0;
    const s = models.severity?.predict(f)[1] ?? 0;
    return `${slot.name}=${JSON.stringify(slot.value.slice(0, 40))} t${t.toFixed(2)} s${s.toFixed(2)}`;
  });
  return `\n    slots: ${list.join(' · ')}`;
};

const analyse = (
  doc: LabelledDocument,
  pred: readonly ScoredPrediction[],
  missed: Set<unknown>,
  prepared: PreparedDocument,
  models: PromiseModels,
) => {
  const gold = doc.promises;
  const { pairOf, repeats } = pairDocument(gold, pred);
  gold.forEach((g, gi) => {
    const label = () =>
      `${doc.file}: ${g.category} ${g.operator} ${g.threshold} ${g.unit ?? ''} tier=${String(g.qualifiers?.tier ?? '')} sev=${String(g.qualifiers?.severity ?? '')} «${g.quote.slice(0, 160)}»`;
    const j = pairOf.get(gi);
    const p = j === undefined ? undefined : pred[j];
    if (!p) {
      const near = pred.find((q) => quoteScore(g, q.quote) >= 0.6 && q.category !== g.category);
      if (near && (sameValue({ ...near, category: g.category }, g) || near.threshold === g.threshold))
        count('category', () => `${label()}\n    got ${fmt(near)}`);
      else if (missed.has(g)) count('candidate', label);
      else count('rejected', label);
      return;
    }
    if (!sameValue(p, g)) {
      count('value', () => `${label()}\n    got ${fmt(p)}`);
      return;
    }
    const t = g.qualifiers?.tier;
    const s = g.qualifiers?.severity;
    const tierOk = !t || sameQualifier('tier', p.qualifiers?.tier, t);
    const sevOk = !s || sameQualifier('severity', p.qualifiers?.severity, s);
    if (!tierOk) count('tier', () => `${label()}\n    got ${fmt(p)}${slotsLine(prepared, models, p)}`);
    if (!sevOk) count('severity', () => `${label()}\n    got ${fmt(p)}${slotsLine(prepared, models, p)}`);
    if (tierOk && sevOk) count('ok', label);
    // How right the tiers given are: one the label names, one it does not, or one where it has none.
    const given = p.qualifiers?.tier;
    if (given !== undefined && given !== '')
      count(
        !t ? 'tier given, none labelled' : tierOk ? 'tier given, right' : 'tier given, wrong',
        () => `${label()}\n    got ${fmt(p)}`,
      );
  });
  const matched = new Set(pairOf.values());
  pred.forEach((p, j) => {
    if (matched.has(j) || repeats.has(j)) return;
    // A tier or severity the label does not want is extra, but the extra tier of a prediction that
    // names a plan the label lacks is not scored: only unmatched predictions are false positives.
    count(`fp:${p.category}`, () => `${doc.file}: ${fmt(p)}`);
  });
};

for (let fold = 0; fold < FOLDS; fold++) {
  const trainingSet = [
    ...alignedCorpus.filter((a) => foldOf(a.doc, FOLDS) !== fold).flatMap((a) => a.aligned),
    ...alignedVariation,
  ];
  const models = loadPromiseModels(trainOn(trainingSet).models);
  for (const doc of corpus.filter((d) => foldOf(d, FOLDS) === fold)) {
    const blocks = form === 'text' ? textToBlocks(doc.text) : htmlToBlocks(toHtml(doc));
    const prepared = prepare(blocks, doc.source);
    const missed = new Set<unknown>(align(doc, prepared).missed);
    analyse(doc, decide(prepared, models).promises, missed, prepared, models);
  }
}

const labels = corpus.reduce((n, d) => n + d.promises.length, 0);
console.log(`${corpus.length} documents, ${labels} labels (${form}, cross-validated, ${FOLDS} folds)`);
const order = [
  'ok',
  'candidate',
  'rejected',
  'category',
  'value',
  'tier',
  'severity',
  'tier given, right',
  'tier given, wrong',
  'tier given, none labelled',
];
for (const k of order) console.log(`  ${k.padEnd(10)} ${counts.get(k) ?? 0}`);
const fps = [...counts.entries()].filter(([k]) => k.startsWith('fp:')).sort((a, b) => b[1] - a[1]);
console.log(
  `  false positives ${fps.reduce((n, [, v]) => n + v, 0)}: ${fps.map(([k, v]) => `${k.slice(3)} ${v}`).join(', ')}`,
);
