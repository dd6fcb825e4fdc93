// `npm run eval:promises`: leave-source-out cross-validation of the promise extractor over the
// shared corpus (5 folds by source group; each fold scored by models trained on the other folds and
// the variation corpus), with the shared scorer's matching. Above the last line it also runs the
// shared scorer itself on the check split with the committed model (`--no-check` skips it).
// Last line: `cv category F1 X, value F1 Y, qualified F1 Z`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../packages/extract/training/corpus.ts';
import { crossValidate, describe } from '../packages/extract/training/run.ts';
import { REPO_ROOT, sharedCorpus, VARIATION_DIR } from './lib/promise-corpus.ts';

const args = process.argv.slice(2);
const corpusDir = sharedCorpus(args, 'promises');
const corpus = loadCorpus(corpusDir);
const variation = loadCorpus(VARIATION_DIR);
const form = args.includes('--html') ? 'html' : 'text';

if (!args.includes('--no-check')) {
  const checkDir = join(corpusDir, '..', 'promises-check');
  const scorer = join(corpusDir, '..', '..', 'eval', 'score-promises.mjs');
  if (existsSync(checkDir) && existsSync(scorer)) {
    const out = execFileSync(process.execPath, [scorer, checkDir], { cwd: REPO_ROOT, encoding: 'utf8' });
    console.log(`check split (committed model, shared scorer): ${out.trimEnd().split('\n').pop()}`);
  } else {
    console.log('check split: not found, skipped');
  }
}

const started = Date.now();
const { folds, total } = crossValidate(corpus, variation, 5, form);
for (const f of folds) console.log(`fold ${f.fold}: ${f.documents} documents, ${describe(f.tally, true)}`);
console.log(
  `(${corpus.length} documents, ${variation.length} variation documents, ${form}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
console.log(`all folds: ${describe(total, true)}`);
console.log(`cv ${describe(total)}`);
