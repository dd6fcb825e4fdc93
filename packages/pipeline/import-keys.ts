// Where files go in the import bucket, shared by the worker and the CDK app (no imports here, so
// the CDK app loads nothing else of the pipeline).

export const IMPORT_PREFIXES = {
  tickets: 'imports/tickets/',
  samples: 'imports/samples/',
  complaints: 'imports/complaints/',
} as const;
export type ImportKind = keyof typeof IMPORT_PREFIXES;
export const REPORT_PREFIX = 'imports/reports/';

export const reportKeyOf = (key: string): string => `${REPORT_PREFIX}${key}.json`;
