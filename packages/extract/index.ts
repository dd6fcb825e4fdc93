// Public entry of the extractor: documents in, normalised promises and unmeasurable claims out,
// plus the identity and diff that turn repeated extractions into a versioned history.

export type { Block, BlockKind } from './blocks.ts';
export { textToBlocks } from './blocks.ts';
export {
  DEFAULT_LIMITS,
  type DocumentFormat,
  type DocumentInput,
  detectFormat,
  type ExtractLimits,
  extractDocument,
  extractFromHtml,
  extractFromPdf,
  extractFromText,
} from './document.ts';
export { type RuleVerdict, readByRules } from './engine.ts';
export {
  DocumentEncodingError,
  DocumentTooLargeError,
  ExtractionError,
  PdfExtractionError,
  UnsupportedDocumentError,
} from './errors.ts';
export { type Figure, findFigures } from './figures.ts';
export { htmlToBlocks } from './html.ts';
export {
  type DiffInput,
  type DiffResult,
  diffPromises,
  type IdentifiedPromise,
  identifyPromises,
  promiseIdentity,
} from './identity.ts';
export { extractPromises as extractFromBlocks, extractPromises, promiseModels } from './learned.ts';
export { type Clause, splitClauses } from './sentences.ts';
