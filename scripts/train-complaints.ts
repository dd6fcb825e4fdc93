// `npm run train:complaints`: rebuilds packages/complaints/model/complaints-model.json, deterministically,
// from the shared complaints corpus (../shared/corpus/complaints/dev.json) and the team's variation corpus
// (training/complaints/). The check split is never read.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_COMPLAINT_TRAINING,
  featurise,
  packModel,
  trainComplaintModel,
} from '../packages/complaints/model.ts';
import { companyWords, loadDev, loadVariation, repoRoot } from './complaints-corpus.ts';

const dev = loadDev();
const variation = loadVariation();
const t0 = performance.now();
const model = trainComplaintModel(featurise([...dev, ...variation]), {
  ...DEFAULT_COMPLAINT_TRAINING,
  excludedWords: companyWords(dev),
});
const path = resolve(repoRoot, 'packages/complaints/model/complaints-model.json');
const json = `${JSON.stringify(packModel(model))}\n`;
writeFileSync(path, json);
// The repository's formatter owns the layout of every JSON file: format it as `biome check` expects.
const formatted = spawnSync(resolve(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', path], {
  encoding: 'utf8',
});
if (formatted.status !== 0)
  throw new Error(`train:complaints: biome could not format ${path}: ${formatted.stderr}`);
const weights =
  Object.keys(model.isComplaint.weights).length +
  Object.keys(model.duration.weights).length +
  Object.values(model.categories).reduce((n, h) => n + Object.keys(h?.weights ?? {}).length, 0);
console.log(
  `train:complaints: ${dev.length} shared + ${variation.length} variation items, ${model.trainedOn.mentions} duration mentions; ` +
    `${weights} weights, ${(json.length / 1024).toFixed(0)} KB → ${path} (${(performance.now() - t0).toFixed(0)} ms)`,
);
