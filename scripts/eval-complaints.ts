// `npm run eval:complaints`: leave-source-out 5-fold cross-validation of the learned complaint reader on the
// shared corpus (items grouped by source, falling back to company; each fold's model is trained on the
// other four folds plus the variation corpus), scored as ../shared/eval/score-complaints.mjs scores; then
// the check split scored by the shared scorer with the committed model, and the link set's precision and
// recall. The last line is the contract figure.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { analyzeComplaintByRules } from '../packages/complaints/analyze.ts';
import {
  DEFAULT_COMPLAINT_TRAINING,
  decide,
  featurise,
  trainComplaintModel,
} from '../packages/complaints/model.ts';
import {
  companyWords,
  emptyTally,
  figures,
  findSharedDir,
  loadDev,
  loadVariation,
  repoRoot,
  sourceFolds,
  tallyItem,
} from './complaints-corpus.ts';

const K = 5;
const dev = loadDev();
const variation = loadVariation();
const folds = sourceFolds(dev, K);
const devFeatures = featurise(dev);
const variationFeatures = featurise(variation);
const options = { ...DEFAULT_COMPLAINT_TRAINING, excludedWords: companyWords(dev) };

const fmt = (x: number) => x.toFixed(3);
const total = emptyTally();
const rules = emptyTally();
console.log('fold  items  category F1  duration F1  isComplaint');
for (let k = 0; k < K; k++) {
  const train = [...devFeatures.filter((_, i) => folds[i] !== k), ...variationFeatures];
  const model = trainComplaintModel(train, options);
  const fold = emptyTally();
  devFeatures.forEach((it, i) => {
    if (folds[i] !== k) return;
    const got = decide(model, it.features);
    tallyItem(fold, it.label, got);
    tallyItem(total, it.label, got);
    tallyItem(rules, it.label, analyzeComplaintByRules(it.label.text));
  });
  const f = figures(fold);
  console.log(
    `${String(k + 1).padEnd(5)} ${String(fold.items).padStart(5)}  ${fmt(f.category).padStart(11)}  ${fmt(f.duration).padStart(11)}  ${fmt(f.accuracy).padStart(11)}`,
  );
}
const r = figures(rules);
console.log(
  `rules alone on the same items: category F1 ${fmt(r.category)}, duration F1 ${fmt(r.duration)}, isComplaint accuracy ${fmt(r.accuracy)}`,
);
console.log(
  `training items per fold: ~${Math.round((dev.length * (K - 1)) / K)} shared + ${variation.length} variation`,
);

if (!process.argv.includes('--no-check')) {
  const scorer = resolve(findSharedDir(), 'eval/score-complaints.mjs');
  const check = resolve(findSharedDir(), 'corpus/complaints/check.json');
  const run = spawnSync(process.execPath, [scorer, check], { cwd: repoRoot, encoding: 'utf8' });
  const lines = `${run.stdout}`.trim().split('\n');
  const accuracy = lines
    .find((l) => l.includes('isComplaint accuracy'))
    ?.match(/isComplaint accuracy ([\d.]+)/)?.[1];
  console.log(
    `check split (shared scorer, committed model): ${lines.at(-1) ?? run.stderr}${accuracy ? `, isComplaint accuracy ${accuracy}` : ''}`,
  );
}
if (!process.argv.includes('--no-links')) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(repoRoot, 'scripts/eval-links.ts')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status === 0) console.log(`${run.stdout}`.trim().split('\n').at(-1));
  else console.log(`eval-links failed: ${run.stderr.trim().split('\n').at(-1)}`);
}
const t = figures(total);
console.log(
  `cv complaint category F1 ${fmt(t.category)}, duration F1 ${fmt(t.duration)}, isComplaint accuracy ${fmt(t.accuracy)}`,
);
