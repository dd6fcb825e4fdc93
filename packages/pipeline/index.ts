// Public entry of the pipeline: the local cycle (crawl, extract, import, evaluate, digest) and its steps.

export { type CycleDeps, type CycleOptions, type CycleResult, chooseWeek, runCycle } from './cycle.ts';
export { DataFileError, StaticSiteError } from './errors.ts';
export { type ImportProgress, type ImportReport, importComplaintFile, importMetricFile } from './imports.ts';
export { type StaticSite, serveStaticSite } from './static-site.ts';
