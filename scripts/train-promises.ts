// `npm run train:promises`: trains the extractor's learned decision on the shared corpus and the
// variation corpus (training/promises/), and writes packages/extract/model/promises.json.
// Deterministic: inputs are read in file-name order and training uses a fixed seed.
import { writeFileSync } from 'node:fs';
import { loadCorpus } from '../packages/extract/training/corpus.ts';
import { alignAll, trainOn } from '../packages/extract/training/run.ts';
import { MODEL_FILE, sharedCorpus, VARIATION_DIR } from './lib/promise-corpus.ts';

const args = process.argv.slice(2);
const started = Date.now();
const corpus = loadCorpus(sharedCorpus(args, 'promises'));
const variation = loadCorpus(VARIATION_DIR);
const report = trainOn(alignAll([...corpus, ...variation]));
const body = `${JSON.stringify({ version: 1, documents: corpus.length + variation.length, ...report.models })}\n`;
writeFileSync(MODEL_FILE, body);
const features = Object.values(report.models).reduce((n, m) => n + Object.keys(m.weights).length, 0);
console.log(
  `trained on ${corpus.length} shared and ${variation.length} variation documents (each as text and HTML): ` +
    `${report.candidates} candidates, ${report.aligned} of ${report.labels} labels aligned to a candidate`,
);
console.log(
  `wrote ${MODEL_FILE}: ${features} features, ${Math.round(body.length / 1024)} KB, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
