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
export { type StaticSite, serveStaticSite } from './static-site.ts';
