// Public entry of the pipeline: the local cycle (crawl, extract, import, evaluate, digest) and its steps.

export { type CycleDeps, type CycleOptions, type CycleResult, chooseWeek, runCycle } from './cycle.ts';
export { DataFileError, StaticSiteError } from './errors.ts';
export {
  type ImportProgress,
  type ImportReport,
  importComplaintFile,
  importComplaintText,
  importMetricFile,
  importMetricStream,
  knownTiersOf,
  MAX_ERRORS_LISTED,
  type MetricImportDeps,
} from './imports.ts';
export {
  decodeS3Key,
  IMPORT_PREFIXES,
  type ImportBucket,
  type ImportKind,
  type ImportQueueEvent,
  importObject,
  kindOf,
  MAX_COMPLAINT_FILE_BYTES,
  makeImportHandler,
  type ObjectImportDeps,
  type ObjectImportReport,
  parseMapping,
  REPORT_PREFIX,
  reportKeyOf,
  type StoredObject,
} from './object-import.ts';
export { type StaticSite, serveStaticSite } from './static-site.ts';
export { importSurveyFile, importSurveyText, type SurveyImportSpec } from './surveys-import.ts';
