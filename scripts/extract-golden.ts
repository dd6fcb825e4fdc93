// Golden dump of the extractor's output, for changes that must not change it (speed work): every
// document of the shared promise corpus and of the variation corpus, as text and as the page the
// shared scorer renders (--html), and every page and the PDF of the example site. For each, the
// blocks read, the result, and the hashed features every candidate is scored with. Written as stable JSON; diff two dumps to prove a change neutral.
//
//   npx tsx scripts/extract-golden.ts OUT.json [--corpus DIR]
//   diff <(jq . /tmp/golden-main.json) <(jq . /tmp/golden-new.json)   # or cmp

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { textToBlocks } from '../packages/extract/blocks.ts';
import { prepare } from '../packages/extract/decide.ts';
import { readHtml } from '../packages/extract/html.ts';
import { extractDocument } from '../packages/extract/index.ts';
import { loadCorpus, toHtml } from '../packages/extract/training/corpus.ts';
import { REPO_ROOT, sharedCorpus, VARIATION_DIR } from './lib/promise-corpus.ts';

const args = process.argv.slice(2);
const out = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--corpus');
if (!out) {
  console.error('usage: extract-golden.ts OUT.json [--corpus DIR]');
  process.exit(2);
}

interface Entry {
  name: string;
  format: 'text' | 'html' | 'pdf';
  body: string | Uint8Array;
}

const entries: Entry[] = [];
for (const [label, dir] of [
  ['corpus', sharedCorpus(args, 'promises')],
  ['variation', VARIATION_DIR],
] as const) {
  for (const doc of loadCorpus(dir)) {
    entries.push({ name: `${label}/${doc.file}.txt`, format: 'text', body: doc.text });
    entries.push({ name: `${label}/${doc.file}.html`, format: 'html', body: toHtml(doc) });
  }
}
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
for (const file of walk(join(REPO_ROOT, 'examples/site'))) {
  const name = relative(REPO_ROOT, file);
  if (file.endsWith('.html')) entries.push({ name, format: 'html', body: readFileSync(file, 'utf8') });
  else if (file.endsWith('.pdf'))
    entries.push({ name, format: 'pdf', body: new Uint8Array(readFileSync(file)) });
}

const blocksOf = (e: Entry) =>
  e.format === 'html'
    ? readHtml(e.body as string).blocks
    : e.format === 'text'
      ? textToBlocks(e.body as string)
      : [];

const dump: Record<string, unknown> = {};
for (const e of entries) {
  const fileName = e.format === 'text' ? 'doc.txt' : e.format === 'html' ? 'doc.html' : 'doc.pdf';
  const result = await extractDocument({ source: e.name, body: e.body, fileName });
  const blocks = blocksOf(e);
  const prepared = blocks.length ? prepare(blocks, e.name) : undefined;
  dump[e.name] = {
    result,
    blocks,
    candidates: prepared?.candidates.map((c, i) => ({
      ...c,
      veto: prepared.hashed[i]?.veto,
      hashes: Array.from(prepared.hashed[i]?.hashes ?? []),
    })),
  };
}
writeFileSync(out, `${JSON.stringify(dump, null, 1)}\n`);
console.log(`${entries.length} documents written to ${out}`);
