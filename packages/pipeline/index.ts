// Public entry of the pipeline: the steps shared by the Lambdas and the local commands.

export { type CycleDeps, type CycleOptions, type CycleResult, chooseWeek, runCycle } from './cycle.ts';
export { DataFileError, SnapshotMissingError, StaticSiteError } from './errors.ts';
export {
  type ExtractStepDeps,
  type ExtractStepResult,
  extractSnapshot,
  extractSnapshotStep,
} from './extract-step.ts';
export { type ImportProgress, type ImportReport, importComplaintFile, importMetricFile } from './imports.ts';
export { type StaticSite, serveStaticSite } from './static-site.ts';
