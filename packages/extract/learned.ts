// The extractor's entry from blocks to promises: the rules read first, then the learned decision
// (decide.ts) with the committed model (model/promises.json, built by `npm run train:promises`),
// loaded once when this module is first imported.

import type { ExtractionResult } from '../core/index.ts';
import type { Block } from './blocks.ts';
import {
  decide,
  loadPromiseModels,
  type PromiseModels,
  prepare,
  type StoredPromiseModels,
} from './decide.ts';
import { foreignLanguage, unsupportedLanguageNote } from './language.ts';
import stored from './model/promises.json' with { type: 'json' };

let models: PromiseModels | undefined;

/** The committed models, decoded on first use. */
export const promiseModels = (): PromiseModels => {
  models ??= loadPromiseModels(stored as unknown as StoredPromiseModels);
  return models;
};

/** The document's first few thousand characters: enough to tell its language. */
const sampleText = (blocks: readonly Block[]): string => {
  const parts: string[] = [];
  let length = 0;
  for (const b of blocks) {
    if (length >= 6_000) break;
    parts.push(b.text);
    length += b.text.length + 1;
  }
  return parts.join('\n');
};

/** Extracts the promises and claims of a document's blocks. */
export const extractPromises = (
  blocks: Block[],
  source: string,
  using: PromiseModels = promiseModels(),
): ExtractionResult => {
  const language = foreignLanguage(sampleText(blocks));
  if (language) return { source, promises: [], claims: [], notes: [unsupportedLanguageNote(language)] };
  return decide(prepare(blocks, source), using);
};
