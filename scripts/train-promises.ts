// `npm run train:promises`: trains the extractor's learned decision on the shared corpus and the
// variation corpus (training/promises/), and writes packages/extract/model/promises.json.
// Deterministic: inputs are read in file-name order and training uses a fixed seed.
import { writeFileSync } from 'node:fs';
import { packModel, type StoredModel } from '../packages/extract/linear.ts';
import { loadCorpus } from '../packages/extract/training/corpus.ts';
import { alignAll, trainOn } from '../packages/extract/training/run.ts';
import { MODEL_FILE, sharedCorpus, VARIATION_DIR } from './lib/promise-corpus.ts';

const args = process.argv.slice(2);
const started = Date.now();
const corpus = loadCorpus(sharedCorpus(args, 'promises'));
const variation = loadCorpus(VARIATION_DIR);
const report = trainOn(alignAll([...corpus, ...variation]));
const m = report.models;
// The compact form (one string per model): see PackedModel in packages/extract/linear.ts.
const packed = {
  version: 2,
  documents: corpus.length + variation.length,
  category: packModel(m.category as StoredModel),
  operator: packModel(m.operator as StoredModel),
  tier: packModel(m.tier as StoredModel),
  severity: packModel(m.severity as StoredModel),
};
const body = `${JSON.stringify(packed)}\n`;
writeFileSync(MODEL_FILE, body);
const features = Object.values(m).reduce(
  (n, model) => n + Object.keys((model as StoredModel).weights).length,
  0,
);
console.log(
  `trained on ${corpus.length} shared and ${variation.length} variation documents (each as text and HTML): ` +
    `${report.candidates} candidates, ${report.aligned} of ${report.labels} labels aligned to a candidate`,
);
console.log(
  `wrote ${MODEL_FILE}: ${features} features, ${Math.round(body.length / 1024)} KB, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
