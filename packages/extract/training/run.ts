// What `npm run train:promises` and `npm run eval:promises` do, as functions the scripts call:
// train on labelled documents (the shared corpus and the team's own variation corpus, each read as
// text and as an HTML page), and cross-validate with whole source groups held out.

import { textToBlocks } from '../blocks.ts';
import { decide, loadPromiseModels, prepare, type StoredPromiseModels } from '../decide.ts';
import { htmlToBlocks } from '../html.ts';
import { foldOf, type LabelledDocument, toHtml } from './corpus.ts';
import { type AlignedDocument, align, fitModels, prepareLabelled } from './fit.ts';
import { addTally, EMPTY_TALLY, figures, scoreDocument, type Tally } from './score.ts';

export const FORMS = ['text', 'html'] as const;

export interface TrainingReport {
  models: StoredPromiseModels;
  documents: number;
  labels: number;
  /** Labels aligned to a candidate: the share the candidate generator can reach at best. */
  aligned: number;
  candidates: number;
}

export const alignAll = (docs: readonly LabelledDocument[]): AlignedDocument[] =>
  docs.flatMap((doc) => prepareLabelled(doc, FORMS).map((prepared) => align(doc, prepared)));

export const trainOn = (aligned: readonly AlignedDocument[]): TrainingReport => {
  let labels = 0;
  let missed = 0;
  let candidates = 0;
  for (const a of aligned) {
    labels += a.gold.length === 0 ? a.missed.length : new Set(a.gold.filter(Boolean)).size + a.missed.length;
    missed += a.missed.length;
    candidates += a.prepared.candidates.length;
  }
  return {
    models: fitModels(aligned),
    documents: aligned.length,
    labels,
    aligned: labels - missed,
    candidates,
  };
};

export interface FoldResult {
  fold: number;
  documents: number;
  tally: Tally;
}

/** Scores documents with trained models, read in one form, as the shared scorer would. */
export const scoreWith = (
  models: StoredPromiseModels,
  docs: readonly LabelledDocument[],
  form: 'text' | 'html',
): Tally => {
  const loaded = loadPromiseModels(models);
  let tally = EMPTY_TALLY;
  for (const doc of docs) {
    const blocks = form === 'text' ? textToBlocks(doc.text) : htmlToBlocks(toHtml(doc));
    const result = decide(prepare(blocks, doc.source), loaded);
    tally = addTally(tally, scoreDocument(doc.promises, result.promises));
  }
  return tally;
};

/**
 * Leave-source-out cross-validation: documents are split into folds by source group; each fold is
 * scored by models trained on the other folds plus the variation corpus, never on itself.
 */
export const crossValidate = (
  corpus: readonly LabelledDocument[],
  variation: readonly LabelledDocument[],
  folds: number,
  form: 'text' | 'html' = 'text',
): { folds: FoldResult[]; total: Tally } => {
  const alignedCorpus = corpus.map((doc) => ({ doc, aligned: alignAll([doc]) }));
  const alignedVariation = alignAll(variation);
  const results: FoldResult[] = [];
  let total = EMPTY_TALLY;
  for (let fold = 0; fold < folds; fold++) {
    const held = corpus.filter((doc) => foldOf(doc, folds) === fold);
    const trainingSet = [
      ...alignedCorpus.filter((a) => foldOf(a.doc, folds) !== fold).flatMap((a) => a.aligned),
      ...alignedVariation,
    ];
    const { models } = trainOn(trainingSet);
    const tally = scoreWith(models, held, form);
    results.push({ fold, documents: held.length, tally });
    total = addTally(total, tally);
  }
  return { folds: results, total };
};

export const describe = (t: Tally, withCounts = false): string => {
  const f = figures(t);
  const detail = `(tp ${t.tp}, value tp ${t.vtp}, qualified tp ${t.qtp}, predicted ${t.pred}, labelled ${t.gold})`;
  if (withCounts)
    return `${detail} category F1 ${f.category.toFixed(3)}, value F1 ${f.value.toFixed(3)}, qualified F1 ${f.qualified.toFixed(3)}`;
  return `category F1 ${f.category.toFixed(3)}, value F1 ${f.value.toFixed(3)}, qualified F1 ${f.qualified.toFixed(3)}`;
};
